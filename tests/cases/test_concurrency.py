"""C2: two members of staff pressing "accept" on one case at the same instant leave exactly
one recorded transition; the other gets a clear refusal. Real threads, real connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from hall.cases import services
from hall.cases.choices import CaseStatus
from hall.cases.errors import CaseWrongState
from hall.cases.models import Case, CaseEvent
from tests.cases.conftest import CaseHall

pytestmark = pytest.mark.django_db(transaction=True)
STAFF = 8


def test_concurrent_accepts_record_exactly_one_transition():
    chall = CaseHall()
    case = chall.receive()
    barrier = threading.Barrier(STAFF)
    outcomes: list[str] = []
    lock = threading.Lock()

    def press_accept() -> None:
        try:
            barrier.wait()
            try:
                services.case_accept(case=Case.objects.get(pk=case.pk), actor=chall.clerk)
                outcome = "accepted"
            except CaseWrongState:
                outcome = "refused"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_accept) for _ in range(STAFF)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted"] + ["refused"] * (STAFF - 1)
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_case_numbers_from_many_windows_are_unique_and_gapless():
    chall = CaseHall()
    barrier = threading.Barrier(STAFF)

    def receive() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                chall.receive()
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(STAFF)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sequences = sorted(int(n[-4:]) for n in Case.objects.values_list("number", flat=True))
    assert sequences == list(range(1, STAFF * 5 + 1))
