"""D1: the hall now on the office's dashboard: the figures of a small morning, read in a
fixed number of queries whatever the number of windows, and only by those who may."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hall.core.choices import WindowState
from hall.core.roles import Role
from hall.core.services import window_set_state
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from hall.reports.now import hall_now
from tests.conftest import logged_in
from tests.factories import UserFactory, WindowFactory

pytestmark = pytest.mark.django_db


def at(moment: str):
    return time_machine.travel(f"{moment} +0800", tick=False)


def test_a_mornings_figures(qhall):
    office = UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN)
    with at("2026-12-07 09:00"):
        for _ in range(3):
            queue.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        queue.ticket_issue(hall=qhall.hall, category_code="social", channel=Channel.KIOSK)
    with at("2026-12-07 09:12"):
        called = queue.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
        window_set_state(
            actor=office, window=qhall.windows[2], state=WindowState.PAUSED, reason="系统故障"
        )
    with at("2026-12-07 09:20"):
        now = hall_now(qhall.hall)
    lines = {line.category.code: line for line in now.queue.lines}
    assert called is not None and called.number == "A001"
    assert (lines["household"].waiting, lines["social"].waiting) == (2, 1)
    assert lines["household"].longest_minutes == 20 and now.longest_minutes == 20
    assert now.waiting == 3 and now.queue.issued_by_hour == {9: 4}
    assert now.queue.mean_wait_served == 12.0  # A001 called after 12 minutes
    assert now.windows["paused"] == 1 and now.paused[0].minutes == 8
    assert now.paused[0].reason == "系统故障"
    assert (now.overdue, now.soon_due, now.satisfaction.rated) == (0, 0, 0)


def test_the_panel_is_the_offices_and_its_queries_do_not_grow_with_windows(qhall):
    office = UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN)
    client = logged_in(office)
    client.get("/dashboard/q/now/")  # the session and the memos, once
    with CaptureQueriesContext(connection) as few:
        assert client.get("/dashboard/q/now/").status_code == 200
    for number in range(4, 30):
        WindowFactory(hall=qhall.hall, zone=qhall.zone, number=number, state=WindowState.PAUSED)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/dashboard/q/now/")
    assert len(many) == len(few)
    assert "data-now-waiting" in page.content.decode()
    assert "data-hall-now" in client.get("/dashboard/?hall=q").content.decode()
    clerk = logged_in(qhall.clerk)
    assert clerk.get("/dashboard/q/now/").status_code == 403
    assert "data-hall-now" not in clerk.get("/dashboard/").content.decode()


def test_the_big_screen_needs_a_paired_device(qhall):
    from hall.core import devices
    from hall.core.models import DeviceKind

    office = UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN)
    client = logged_in(office)
    assert "配对大屏" in client.get("/halls/q/devices/").content.decode()
    _device, code = devices.device_pairing_start(
        actor=office, hall=qhall.hall, kind=DeviceKind.BIG_SCREEN, window=None
    )
    screen = Client()
    assert "配对码" in screen.get("/bigscreen/q/").content.decode()
    assert screen.get("/bigscreen/q/now/").status_code == 403
    assert client.get("/bigscreen/q/now/").status_code == 403  # staff log-in is not a screen
    assert screen.post("/bigscreen/q/pair/", {"code": "ABCD-EFGH"}).status_code == 422
    assert screen.post("/bigscreen/q/pair/", {"code": code}).status_code == 302
    page = screen.get("/bigscreen/q/").content.decode()
    assert "data-screen-waiting" in page and 'data-chart="lines"' in page
    assert screen.get("/bigscreen/q/now/").status_code == 200
    # A second screen does not revoke the first.
    _other, second = devices.device_pairing_start(
        actor=office, hall=qhall.hall, kind=DeviceKind.BIG_SCREEN, window=None
    )
    Client().post("/bigscreen/q/pair/", {"code": second})
    assert screen.get("/bigscreen/q/now/").status_code == 200
