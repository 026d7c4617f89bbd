"""Reading: a GET never writes, and reading is checked like acting (department, role, device).

Every page and API endpoint a hall reads is fetched from the demo hall, as the people who
use it, with the database's statements recorded: none may change a row. The only writes a
read may cause are the authentication's own bookkeeping, named below.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hall.cases.models import Case
from hall.core.demo import seed_demo
from hall.core.models import Hall, User
from hall.core.services import api_token_create
from hall.queueing.choices import Channel
from hall.queueing.services import ticket_issue

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE)\b", re.IGNORECASE)
# When a device's token was last used, touched at most once a minute (hall.core.services).
BOOKKEEPING = re.compile(r'^UPDATE "core_apitoken" SET "last_used_at"')


def _next_month() -> str:
    first = timezone.localdate().replace(day=1)
    return f"{(first + datetime.timedelta(days=32)):%Y-%m}"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_demo()
    hall = Hall.objects.get(code="demo")
    case = Case.objects.filter(hall=hall, department__code="police").order_by("number").first()
    with time_machine.travel("2026-12-01 10:00 +0800"):  # a working day, whatever today is
        ticket = ticket_issue(hall=hall, category_code="household", channel=Channel.KIOSK)
    return {"case": case.number, "token": ticket.follow_token}


def _pages(demo) -> list[str]:
    month = f"{timezone.localdate():%Y-%m}"
    return [
        "/dashboard/",
        "/calendar/",
        "/calendar/?year=2027",
        "/calendar/?start=2026-09-30&working_days=5",
        "/window/",
        "/window/demo/1/",
        "/board/demo/",
        "/board/demo/window/1/",
        "/kiosk/demo/",
        "/reception/demo/",
        "/guide/demo/",
        "/cases/",
        "/cases/overdue/",
        "/cases/new/",
        f"/cases/{demo['case']}/",
        f"/cases/{demo['case']}/documents/correction-notice/",
        f"/progress/?number={demo['case']}&digits=002X",
        f"/t/{demo['token']}",
        f"/t/{demo['token']}/evaluation/",
        f"/t/{demo['token']}/evaluation/?level=1",
        f"/slip/{demo['token']}/",
        "/rosters/",
        f"/rosters/police/{_next_month()}/",
        "/rosters/police/2031-01/",  # a month nobody has planned: shown empty, not created
        f"/rosters/police/{_next_month()}.xlsx",
        "/attendance/",
        f"/attendance/police/{month}/",
        f"/attendance/police/{month}.xlsx",
        "/halls/demo/users/",
        "/staff/demo/",
        "/book/demo/",
        "/book/demo/?item=id-card-renew",
        "/book/demo/?item=id-card-renew&date=2026-12-31&start=09:00",
        "/booking/",
        "/kiosk/demo/check-in/",
        "/appointments/demo/",
        "/appointments/demo/?day=2026-12-31",
        "/appointments/demo/suspensions/",
        "/h/demo/",
        "/evaluation/demo/follow-ups/",
        "/evaluation/demo/appeals/",
        "/evaluation/mine/",
        "/evaluation/demo/complaints/",
        "/evaluation/demo/surveys/",
        "/evaluation/demo/figures/",
        "/evaluation/demo/figures/?period=quarter&day=2026-11-30",
        f"/progress/evaluation/?number={demo['case']}&digits=002X",
        "/halls/demo/devices/",
        "/pad/demo/window/1/",
        "/pad/demo/window/1/screen/",
        "/h/demo/complaint/",
        "/h/demo/satisfaction/",
        "/supervision/demo/",
        "/supervision/demo/findings/",
        "/supervision/demo/inspections/1/report/",  # another hall's or none: a 404, no write
        "/supervision/demo/scores/",
        f"/supervision/demo/scores/{month}/",
        f"/supervision/demo/scores/{month}/mine/",
        "/supervision/demo/reviews/",
        "/supervision/demo/commendations/",
        "/supervision/demo/rules/",
        "/supervision/demo/awards/",
        "/supervision/demo/overview/",
        "/supervision/demo/overview/?period=quarter&format=xlsx",
        "/h/demo/vote/",
        "/dashboard/demo/now/",
        "/reports/demo/",
        "/reports/demo/?by=window&period=year&format=xlsx",
        "/bigscreen/demo/",
        f"/planning/demo/?month={_next_month()}",
    ]


def _api(demo) -> list[str]:
    return [
        "/api/v1/me",
        "/api/v1/halls",
        "/api/v1/halls/demo",
        "/api/v1/halls/demo/zones",
        "/api/v1/halls/demo/departments",
        "/api/v1/halls/demo/windows",
        "/api/v1/halls/demo/windows/1",
        "/api/v1/halls/demo/queue",
        "/api/v1/halls/demo/service-items",
        f"/api/v1/cases/{demo['case']}",
        f"/api/v1/cases/{demo['case']}/documents/correction-notice.pdf",
        f"/api/v1/halls/demo/rosters/police/{_next_month()}",
        f"/api/v1/halls/demo/scores/{timezone.localdate():%Y-%m}",
        "/api/v1/halls/demo/rosters/police/2031-01",
        "/api/v1/calendar/days/2027-01-01",
        "/api/v1/calendar/due?start=2026-12-30&working_days=3",
        f"/api/v1/follow/{demo['token']}",
        "/api/v1/halls/demo/appointment-slots?service_item=id-card-renew&date=2026-12-31",
        "/api/v1/halls/demo/complaints",
    ]


def _writes(client: Client, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if WRITE.match(q["sql"]) and not BOOKKEEPING.match(q["sql"])
        ]
        if writes:
            found[path] = writes
    return found


@pytest.mark.parametrize("username", ["guanli", "chuangkou", "kezhang", "lingdao", "daofu"])
def test_no_page_writes_anything_when_read(demo, username):
    client = logged_in(User.objects.get(username=username))
    assert _writes(client, _pages(demo)) == {}


@pytest.mark.parametrize("username", ["guanli", "chuangkou", "kiosk", None])
def test_no_api_endpoint_writes_anything_when_read(demo, username):
    if username is None:
        client = Client()
    else:
        _token, key = api_token_create(
            actor=None, user=User.objects.get(username=username), name="t"
        )
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert _writes(client, _api(demo)) == {}


def _status(client: Client, path: str) -> int:
    return client.get(path).status_code


def test_devices_reach_only_what_a_kiosk_or_board_needs(demo):
    _token, key = api_token_create(actor=None, user=User.objects.get(username="kiosk"), name="t")
    kiosk = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    for public in ("/api/v1/halls/demo", "/api/v1/halls/demo/queue", "/api/v1/halls/demo/windows"):
        assert _status(kiosk, public) == 200, public
    for private in (
        f"/api/v1/cases/{demo['case']}",
        f"/api/v1/cases/{demo['case']}/documents/correction-notice.pdf",
        f"/api/v1/halls/demo/rosters/police/{_next_month()}",
    ):
        assert _status(kiosk, private) == 403, private


def test_reading_follows_the_department(demo):
    """chuangkou serves the police windows; kezhang heads 人社 (hrss)."""
    police_case = demo["case"]
    staff = logged_in(User.objects.get(username="chuangkou"))
    head = logged_in(User.objects.get(username="kezhang"))
    reception = logged_in(User.objects.get(username="daofu"))
    month = f"{timezone.localdate():%Y-%m}"

    assert _status(staff, f"/cases/{police_case}/") == 200
    assert _status(head, f"/cases/{police_case}/") == 403
    assert _status(reception, f"/cases/{police_case}/") == 403
    assert _status(staff, f"/rosters/police/{_next_month()}/") == 200
    assert _status(staff, f"/rosters/hrss/{_next_month()}/") == 403
    assert _status(head, f"/rosters/police/{_next_month()}/") == 403
    assert _status(head, f"/attendance/police/{month}/") == 403
    assert _status(head, f"/attendance/hrss/{month}/") == 200
    # Staff profiles: a head sees the department's people, the office everyone.
    profiles = head.get("/staff/demo/").content.decode()
    assert "刘红梅" in profiles or "人社" in profiles
    assert "区公安分局户政科" not in profiles
    office = logged_in(User.objects.get(username="guanli"))
    assert "区公安分局户政科" in office.get("/staff/demo/").content.decode()
    assert _status(office, f"/attendance/police/{month}/") == 200
    assert _status(office, f"/rosters/police/{_next_month()}/") == 200
