"""C2: two members of staff pressing "accept" on one case at the same instant leave exactly
one recorded transition; the other gets a clear refusal. Real threads, real connections."""

from __future__ import annotations

import pytest

from hall.cases import services
from hall.cases.choices import CaseStatus
from hall.cases.errors import CaseWrongState
from hall.cases.models import Case, CaseEvent
from tests.cases.conftest import CaseHall
from tests.threads import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)
STAFF = 8


def test_concurrent_accepts_record_exactly_one_transition():
    chall = CaseHall()
    case = chall.receive()
    outcomes: list[str] = []

    def press_accept(_index: int) -> None:
        try:
            services.case_accept(case=Case.objects.get(pk=case.pk), actor=chall.clerk)
            outcomes.append("accepted")
        except CaseWrongState:
            outcomes.append("refused")

    run_in_threads(press_accept, count=STAFF)
    assert sorted(outcomes) == ["accepted"] + ["refused"] * (STAFF - 1)
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_case_numbers_from_many_windows_are_unique_and_gapless():
    chall = CaseHall()

    def receive(_index: int) -> None:
        for _ in range(5):
            chall.receive()

    run_in_threads(receive, count=STAFF)
    sequences = sorted(int(n[-4:]) for n in Case.objects.values_list("number", flat=True))
    assert sequences == list(range(1, STAFF * 5 + 1))
