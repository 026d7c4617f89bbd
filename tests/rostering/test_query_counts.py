"""The roster grid cost a fixed number of statements, whatever the hall's
size: an exact number, the same with more windows, tickets, events or people."""

from __future__ import annotations

import pytest
import time_machine

from hall.rostering import services as rostering
from tests.conftest import logged_in
from tests.queries import statements
from tests.rostering.conftest import DECEMBER, RosterHall

pytestmark = pytest.mark.django_db
EXPECTED = {"grid": 13}  # 13: whether the reader builds this department's roster


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
