"""Q3: two windows never get the same ticket and none is lost; numbers are unique and gapless.

Real threads, each with its own database connection, against SQLite (writers serialize on
BEGIN IMMEDIATE) and PostgreSQL (row locks with SKIP LOCKED) alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from django.utils import timezone

from hall.core.choices import WindowState
from hall.queueing import services
from hall.queueing.choices import Channel, TicketEventKind, TicketStatus
from hall.queueing.models import (
    QueueSettings,
    Ticket,
    TicketCategory,
    TicketEvent,
    WorkProfileEntry,
)
from tests import threads
from tests.factories import HallFactory, WindowFactory, ZoneFactory

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 16


def run_in_threads(work: Callable[[int], None]) -> None:
    threads.run_in_threads(work, count=THREADS)


@pytest.fixture
def busy_hall():
    hall = HallFactory(code="busy")
    QueueSettings.objects.create(hall=hall, refuse_on_closed_days=False)
    zone = ZoneFactory(hall=hall)
    category = TicketCategory.objects.create(
        hall=hall, code="household", prefix="A", name="户籍业务"
    )
    windows = [
        WindowFactory(hall=hall, zone=zone, number=n + 1, state=WindowState.OPEN)
        for n in range(THREADS)
    ]
    WorkProfileEntry.objects.bulk_create(
        [WorkProfileEntry(window=w, category=category) for w in windows]
    )
    return hall, category, windows


def test_sixteen_windows_calling_at_once_call_each_of_2000_tickets_exactly_once(busy_hall):
    hall, category, windows = busy_hall
    now = timezone.now()
    day = timezone.localdate(now)
    Ticket.objects.bulk_create(
        [
            Ticket(
                hall=hall,
                category=category,
                service_day=day,
                sequence=n,
                number=f"A{n:04d}",
                channel=Channel.KIOSK,
                arrived_at=now,
                queued_at=now,
                follow_token=f"t{n}",
            )
            for n in range(1, 2001)
        ]
    )
    called: list[list[int]] = [[] for _ in range(THREADS)]

    def serve(index: int) -> None:
        while (ticket := services.ticket_call_next(window=windows[index], actor=None)) is not None:
            called[index].append(ticket.pk)
            services.ticket_finish(ticket=ticket, actor=None)

    run_in_threads(serve)
    everything = [pk for per_window in called for pk in per_window]
    assert len(everything) == 2000
    assert len(set(everything)) == 2000
    assert Ticket.objects.filter(status=TicketStatus.DONE).count() == 2000
    calls = Counter(
        TicketEvent.objects.filter(kind=TicketEventKind.CALLED).values_list("ticket_id", flat=True)
    )
    assert set(calls.values()) == {1}
    assert (
        sum(1 for per_window in called if per_window) > 1
    )  # the windows really worked in parallel


def test_sixteen_clients_issuing_at_once_get_unique_gapless_numbers(busy_hall):
    hall, _category, _windows = busy_hall
    numbers: list[list[str]] = [[] for _ in range(THREADS)]

    def take(index: int) -> None:
        for _ in range(50):
            ticket = services.ticket_issue(
                hall=hall, category_code="household", channel=Channel.KIOSK
            )
            numbers[index].append(ticket.number)

    run_in_threads(take)
    issued = sorted(number for per_client in numbers for number in per_client)
    assert issued == [f"A{n:03d}" for n in range(1, THREADS * 50 + 1)]
