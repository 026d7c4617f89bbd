"""The pages polled or opened most cost a fixed number of statements, whatever the hall's
size: an exact number per page, the same with more windows, tickets, events or people."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from hall.cases import services as cases
from hall.core.roles import Role
from hall.core.services import api_token_create
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from hall.queueing.models import QueueSettings, TicketCategory, WorkProfileEntry
from hall.rostering import services as rostering
from tests.cases.conftest import chall, quick_passwords  # noqa: F401  # fixtures used here
from tests.conftest import logged_in
from tests.factories import UserFactory, WindowFactory
from tests.queries import statements
from tests.queueing.conftest import qhall, set_rules  # noqa: F401  # qhall: a fixture
from tests.rostering.conftest import DECEMBER, RosterHall

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _issue(hall, count, code="household"):
    for _ in range(count):
        queue.ticket_issue(hall=hall, category_code=code, channel=Channel.KIOSK)


def test_the_workstation_desk(qhall):
    """Polled by every open workstation: the same statements with 3 windows or 23."""
    set_rules(qhall.hall, help_threshold=1)  # other windows ask for help in both measures
    clerk = logged_in(qhall.clerk)
    _issue(qhall.hall, 3)
    queue.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
    small = statements(clerk, "/window/q/1/", **HTMX)
    for number in range(4, 24):
        window = WindowFactory(hall=qhall.hall, zone=qhall.zone, number=number)
        WorkProfileEntry.objects.create(window=window, category=qhall.household, preference=1)
    _issue(qhall.hall, 30)
    assert statements(clerk, "/window/q/1/", **HTMX) == small
    assert small == EXPECTED["desk"]


def test_the_case_file(chall):
    """The same statements with one event and one visit, or many of each."""
    case = cases.case_accept(case=chall.receive(), actor=chall.clerk)
    case = cases.case_start(case=case, actor=chall.clerk)
    clerk = logged_in(chall.clerk)
    small = statements(clerk, f"/cases/{case.number}/")
    QueueSettings.objects.create(hall=chall.hall, refuse_on_closed_days=False)
    TicketCategory.objects.create(hall=chall.hall, code="c", prefix="C", name="不动产")
    for _ in range(3):
        ticket = queue.ticket_issue(hall=chall.hall, category_code="c", channel=Channel.KIOSK)
        cases.case_link_ticket(case=case, ticket=ticket, actor=chall.clerk)
    case = cases.case_extend(case=case, actor=chall.head, days=2, reason="需要补充核查")
    case = cases.case_extend(case=case, actor=chall.head, days=1, reason="再次核查")
    assert statements(clerk, f"/cases/{case.number}/") == small
    assert small == EXPECTED["case"]


@time_machine.travel("2026-11-20 10:00 +0800", tick=True)
def test_the_roster_grid(db):
    rhall = RosterHall()
    rostering.roster_propose(actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER)
    head = logged_in(rhall.head)
    small = statements(head, "/rosters/estate/2026-12/")
    for n in range(3):
        rhall._person(f"extra{n}", f"新人{n}")
    rostering.roster_propose(actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER)
    assert statements(head, "/rosters/estate/2026-12/") == small
    assert small == EXPECTED["grid"]


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


EXPECTED = {"desk": 18, "case": 19, "grid": 16, "queue": 6, "dashboard": 10, "windows": 2}
