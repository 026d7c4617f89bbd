"""The case file cost a fixed number of statements, whatever the hall's
size: an exact number, the same with more windows, tickets, events or people."""

from __future__ import annotations

import pytest

from hall.cases import services as cases
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from hall.queueing.models import QueueSettings, TicketCategory
from tests.conftest import logged_in
from tests.queries import statements

pytestmark = pytest.mark.django_db
EXPECTED = {"case": 16}  # 16: whether the reader works for the department (its steps)


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
