"""The queue's pages polled or opened most cost a fixed number of statements, whatever the hall's
size: an exact number, the same with more windows, tickets, events or people."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hall.core.roles import Role
from hall.core.services import api_token_create
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from hall.queueing.events import TicketIssued
from hall.queueing.live import lines_moved
from hall.queueing.models import WorkProfileEntry
from tests.conftest import logged_in
from tests.factories import UserFactory, WindowFactory
from tests.queries import hot_statements, statements
from tests.queueing.conftest import set_rules

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
# After the window's lock, 办结并叫下一位 (finish, claim, history, who asked for an SMS) is one
# statement on PostgreSQL and four on SQLite (hall.queueing.statements.call).
AFTER_THE_LOCK = 1 if connection.vendor == "postgresql" else 4
# The session's user and roles are remembered (hall.core.backends): not read by a staff page.
EXPECTED = {
    "desk state": 3,
    "desk line": 10,
    "desk act": 6 + AFTER_THE_LOCK,
    "queue": 5,
    "dashboard": 30,  # checks: 好差评 2, supervision 4, reception 1, facilities 5; hall now, alerts
    "windows": 2,
}


def _issue(hall, count, code="household"):
    for _ in range(count):
        queue.ticket_issue(hall=hall, category_code=code, channel=Channel.KIOSK)


def test_the_workstation_desk(qhall):
    """Polled by every open workstation: the same statements with 3 windows or 23."""
    set_rules(qhall.hall, help_threshold=1)  # other windows ask for help in both measures
    clerk = logged_in(qhall.clerk)
    _issue(qhall.hall, 3)
    queue.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
    parts = ("/window/q/1/?part=state", "/window/q/1/?part=line")
    small = [statements(clerk, path, **HTMX) for path in parts]
    for number in range(4, 24):
        window = WindowFactory(hall=qhall.hall, zone=qhall.zone, number=number)
        WorkProfileEntry.objects.create(window=window, category=qhall.household, preference=1)
    _issue(qhall.hall, 30)
    assert [statements(clerk, path, **HTMX) for path in parts] == small
    assert small == [EXPECTED["desk state"], EXPECTED["desk line"]]


def test_the_lines_counted_each_second_for_the_boards_and_desks(qhall):
    """Every hall whose lines moved in the last second (hall.queueing.live.lines_moved): one
    count of who waits serves the board, the desks and the windows asking for help."""

    def counted() -> int:
        moved = TicketIssued(
            hall_id=qhall.hall.pk,
            ticket_id=1,
            number="A001",
            category_id=qhall.household.pk,
            follow_token="token",
        )
        with CaptureQueriesContext(connection) as queries:
            lines_moved(moved)
        return len(queries.captured_queries)

    set_rules(qhall.hall, help_threshold=1)
    _issue(qhall.hall, 3)
    counted()  # the categories and rules are remembered
    small = counted()
    for number in range(4, 24):
        window = WindowFactory(hall=qhall.hall, zone=qhall.zone, number=number)
        WorkProfileEntry.objects.create(window=window, category=qhall.household, preference=1)
    _issue(qhall.hall, 30)
    counted()
    assert counted() == small == 2  # who waits, and the open windows (the profiles remembered)


def test_the_public_queue_status_the_dashboard_and_the_window_list(qhall):
    _issue(qhall.hall, 3)
    queue.ticket_call_next(window=qhall.windows[1], actor=None)
    admin = UserFactory(hall=qhall.hall, role=Role.HALL_ADMIN)
    office = logged_in(admin)
    token = Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=None, user=admin, name='t')[1]}"
    )
    pages = {
        "queue": (Client(), "/api/v1/halls/q/queue"),
        "dashboard": (office, "/dashboard/"),
        "windows": (token, "/api/v1/halls/q/windows"),
    }
    small = {name: statements(client, path) for name, (client, path) in pages.items()}
    for number in range(4, 24):
        WindowFactory(hall=qhall.hall, zone=qhall.zone, number=number)
    assert {name: statements(client, path) for name, (client, path) in pages.items()} == small
    assert small == {name: EXPECTED[name] for name in pages}


def test_issue_and_call_next_are_lean(qhall):
    """The hot path (#13): a number taken in at most 4 statements, and 办结并叫下一位 (finish the
    last, call the next) in at most 6 (2 on PostgreSQL, 5 on SQLite), whatever the hall's size
    and however long its lines."""
    token = api_token_create(actor=None, user=qhall.clerk, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def issue():
        return api.post(
            "/api/v1/halls/q/tickets", {"category": "household"}, content_type="application/json"
        )

    def measure() -> tuple[int, int]:
        issue()  # the day's counter exists, the rarely changed rows are remembered
        last = api.post("/api/v1/halls/q/windows/1/call-next").json()
        assert "id" in last, last
        issued = hot_statements(issue)
        called = hot_statements(
            lambda: api.post(f"/api/v1/halls/q/windows/1/call-next?finish={last['id']}")
        )
        assert api.post(f"/api/v1/tickets/{api_ticket_at(qhall, 1)}/finish").status_code == 200
        return issued, called

    small = measure()
    for number in range(4, 24):
        window = WindowFactory(hall=qhall.hall, zone=qhall.zone, number=number)
        WorkProfileEntry.objects.create(window=window, category=qhall.household, preference=1)
    _issue(qhall.hall, 200)
    # issue: counter, ticket, history + its place; call: the window's lock, then the rest
    # (who may call at the window is remembered, like the token's user)
    assert measure() == small == (3 + 1, 1 + AFTER_THE_LOCK)


def api_ticket_at(qhall, number):
    from hall.queueing.selectors import ticket_at_window

    return ticket_at_window(qhall.windows[number].pk).pk


def test_a_workstation_call_is_answered_with_its_state_alone(qhall):
    """The workstation's 办结并叫下一位 does the call and answers with the desk's state and my
    day, whatever the hall's size (its page is not told again, hall.core.live.acting_page)."""
    clerk = logged_in(qhall.clerk)
    state = {**HTMX, "HTTP_HX_TARGET": "desk-state", "HTTP_X_HALL_PAGE": "page0001acting"}

    def finish_and_call_next(at_window: int):
        return clerk.post("/window/q/1/finish-and-call-next/", {"ticket": at_window}, **state)

    def measure() -> int:
        _issue(qhall.hall, 2)
        finish_and_call_next(api_ticket_at(qhall, 1))  # the rarely changed rows are remembered
        at_window = api_ticket_at(qhall, 1)
        return hot_statements(lambda: finish_and_call_next(at_window))

    _issue(qhall.hall, 1)
    clerk.post("/window/q/1/call-next/", **state)
    small = measure()
    for number in range(4, 24):
        window = WindowFactory(hall=qhall.hall, zone=qhall.zone, number=number)
        WorkProfileEntry.objects.create(window=window, category=qhall.household, preference=1)
    _issue(qhall.hall, 200)
    assert measure() == small == EXPECTED["desk act"]
