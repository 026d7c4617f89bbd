"""Pages: login, dashboard, window state with HTMX, calendar, and the error mapping."""

from __future__ import annotations

import pytest
from django.test import Client

from hall.core.models import Window
from hall.core.roles import Role
from tests.conftest import logged_in
from tests.factories import UserFactory, WindowFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_and_local():
    page = Client().get("/accounts/login/").content.decode()
    assert "登录" in page and "/static/django_htmx/htmx" in page
    assert "http://" not in page.replace("http://127.0.0.1", "")


def test_dashboard_renders_windows_in_a_fixed_number_of_queries(admin_a, django_assert_num_queries):
    for number in range(1, 25):
        WindowFactory(hall=admin_a.hall, number=number)
    client = logged_in(admin_a)
    # 35: the session's user and roles (a first request: then remembered, hall.core.backends),
    # with the checks of what needs attention (好差评's two, supervision's four,
    # reception's two: its limit, then the open questions past it; facilities' four: faults,
    # maintenance, silent screens, fire-safety checks), the hall now (11, reports.now) and its
    # open 潮汐 alerts
    with django_assert_num_queries(35):
        page = client.get("/dashboard/")
    assert page.status_code == 200
    assert page.content.decode().count('class="window state-open"') == 24


def test_htmx_state_change_returns_the_fragment(admin_b, window_b1):
    response = logged_in(admin_b).post(
        "/halls/hall-b/windows/1/", {"state": "closed", "reason": "下班"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="window-state"')
    assert "关闭" in body


def test_a_domain_error_on_an_htmx_request_goes_to_the_message_area(admin_b, window_b1):
    response = logged_in(admin_b).post(
        "/halls/hall-b/windows/1/", {"state": "paused", "reason": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#messages"
    assert "请填写原因。" in response.content.decode()
    assert Window.objects.get(pk=window_b1.pk).state == "open"


def test_a_domain_error_on_a_full_page_shows_the_error_page(admin_b, window_b1):
    response = logged_in(admin_b).post(
        "/halls/hall-b/windows/1/", {"state": "paused", "reason": ""}
    )
    assert response.status_code == 422
    assert "请填写原因。" in response.content.decode()


def test_calendar_page_warns_about_an_unconfirmed_year_and_computes_due_dates(admin_a):
    client = logged_in(admin_a)
    page = client.get("/calendar/?year=2027").content.decode()
    assert "2027 年：尚未确认" in page
    # The statutory holidays count already, marked provisional.
    assert "<td>2027-01-01</td><td>星期五</td><td>元旦</td>" in page
    assert page.count('class="holiday provisional"') == 13
    fragment = client.get(
        "/calendar/?start=2026-09-30&working_days=5", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "2026-10-13" in fragment


@pytest.mark.parametrize(
    ("role", "links_to_entry"),
    [
        (Role.SYSTEM_ADMIN, True),  # the one who can enter the year
        (Role.HALL_ADMIN, False),
        (Role.DEPARTMENT_HEAD, False),  # plans rosters into that year
    ],
)
def test_who_enters_or_plans_into_an_unconfirmed_year_is_told(hall_a, role, links_to_entry):
    import time_machine

    user = UserFactory(hall=hall_a, role=role)
    with time_machine.travel("2026-11-27 10:00 +0800"):
        page = logged_in(user).get("/dashboard/").content.decode()
    assert "2027 年的节假日和调休尚未确认" in page
    assert ("去录入" in page) is links_to_entry
    assert ("国务院公布后由系统管理员录入" in page) is not links_to_entry


def test_window_staff_are_not_bothered_with_the_calendar(hall_a):
    import time_machine

    user = UserFactory(hall=hall_a, role=Role.WINDOW_STAFF)
    with time_machine.travel("2026-11-27 10:00 +0800"):
        page = logged_in(user).get("/dashboard/").content.decode()
    assert "尚未确认" not in page


def test_english_is_available(admin_a):
    client = logged_in(admin_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    assert "Dashboard" in client.get("/dashboard/").content.decode()
