"""F3's day summaries: the reports' ticket figures are the same whether the days are summed,
partly summed or read ticket by ticket; a day with a ticket still open waits to be summed;
a day is never summed twice; the 90th percentile is the nearest rank."""

from __future__ import annotations

import datetime
import math
import random

import pytest

from hall.core.jobs import run_due_jobs
from hall.core.roles import Role
from hall.queueing.choices import Channel, TicketEventKind, TicketStatus
from hall.queueing.models import Ticket, TicketDay, TicketEvent, TicketSummaryMark
from hall.queueing.summaries import (
    TicketFigures,
    issued_by_day,
    summarised_through,
    ticket_figures,
    tickets_summarise,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ZONE = datetime.timezone(datetime.timedelta(hours=8))
FIRST = D(2026, 11, 2)
DAYS = 12
BY = ("hall", "department", "window", "staff")


def day(n: int) -> datetime.date:
    return FIRST + datetime.timedelta(days=n)


def ticket(qhall, n: int, on: datetime.date, status: str = TicketStatus.DONE, **fields) -> Ticket:
    arrived = fields.pop("arrived_at", datetime.datetime.combine(on, datetime.time(9), ZONE))
    return Ticket.objects.create(
        hall=qhall.hall,
        category=fields.pop("category", qhall.household),
        service_day=on,
        sequence=n,
        number=f"X{n:04d}",
        channel=fields.pop("channel", Channel.KIOSK),
        status=status,
        arrived_at=arrived,
        queued_at=arrived,
        follow_token=f"s{n}",
        **fields,
    )


def made_up_days(qhall, count: int = 240) -> list[Ticket]:
    """Tickets over twelve days with waits and services to the microsecond: served, marked
    过号 (some of them served afterwards), or left without being called."""
    rng = random.Random(7)
    other = UserFactory(username="other", hall=qhall.hall, role=Role.WINDOW_STAFF)
    made = []
    for n in range(count):
        on = day(rng.randrange(DAYS))
        arrived = datetime.datetime.combine(on, datetime.time(9), ZONE) + datetime.timedelta(
            seconds=rng.uniform(0, 8 * 3600)
        )
        called = arrived + datetime.timedelta(seconds=rng.expovariate(1 / 600))
        started = called + datetime.timedelta(seconds=rng.uniform(5, 90))
        finished = started + datetime.timedelta(seconds=rng.uniform(60, 1200))
        window = qhall.windows[rng.choice((1, 2, 3))]
        luck = rng.random()
        status = TicketStatus.DONE if luck < 0.8 else TicketStatus.NO_SHOW
        if luck > 0.93:
            status, called, window = TicketStatus.CLOSED, None, None
        made.append(
            ticket(
                qhall,
                n,
                on,
                status,
                category=rng.choice((qhall.household, qhall.social)),
                channel=Channel.APPOINTMENT if rng.random() < 0.1 else Channel.KIOSK,
                arrived_at=arrived,
                called_at=called,
                started_at=started if status == TicketStatus.DONE else None,
                finished_at=finished if status == TicketStatus.DONE else None,
                window=window,
                served_by=rng.choice((qhall.clerk, other)) if status == TicketStatus.DONE else None,
            )
        )
        # A no-show is marked; one in ten served tickets went back in the line first.
        if status == TicketStatus.NO_SHOW or (status == TicketStatus.DONE and luck < 0.08):
            kind = TicketEventKind.NO_SHOW if status == TicketStatus.NO_SHOW else "requeued"
            TicketEvent.objects.create(ticket=made[-1], hall=qhall.hall, at=called, kind=kind)
    return made


def everything(hall, first: datetime.date, last: datetime.date) -> dict:
    return {
        **{by: ticket_figures(hall, first, last, by) for by in BY},
        "by_day": issued_by_day(hall, first, last),
    }


def test_the_figures_are_the_same_summed_partly_summed_or_read_ticket_by_ticket(qhall):
    made = made_up_days(qhall)
    periods = [(day(0), day(DAYS - 1)), (day(3), day(8)), (day(5), day(5))]
    read = {period: everything(qhall.hall, *period) for period in periods}
    assert tickets_summarise(qhall.hall, today=day(6)) == 6
    assert summarised_through(qhall.hall) == day(5)
    assert {period: everything(qhall.hall, *period) for period in periods} == read
    assert tickets_summarise(qhall.hall, today=day(DAYS)) == DAYS - 6
    assert TicketDay.objects.filter(hall=qhall.hall).count() > DAYS
    assert {period: everything(qhall.hall, *period) for period in periods} == read

    # And they are the tickets' figures, worked out here without the summaries' arithmetic.
    total = read[periods[0]]["hall"][qhall.hall.pk]
    waits = sorted((t.called_at - t.arrived_at).total_seconds() / 60 for t in made if t.called_at)
    served = [t for t in made if t.status == TicketStatus.DONE]
    assert total.issued == len(made) and total.served == len(served)
    assert total.no_shows == TicketEvent.objects.values("ticket").distinct().count()
    assert total.wait_mean == round(sum(waits) / len(waits), 1)
    assert total.wait_p90 == math.floor(waits[math.ceil(0.9 * len(waits)) - 1])
    service = sum((t.finished_at - t.started_at).total_seconds() / 60 for t in served)
    assert total.service_mean == round(service / len(served), 1)
    assert sum(read[periods[0]]["by_day"].values()) == len(made)


def test_a_day_with_a_ticket_still_open_waits_and_no_day_is_summed_twice(qhall):
    ticket(qhall, 1, day(0))
    waiting = ticket(qhall, 2, day(1), TicketStatus.WAITING)  # kept for the next morning
    ticket(qhall, 3, day(2))
    assert tickets_summarise(qhall.hall, today=day(3)) == 1
    assert summarised_through(qhall.hall) == day(0)
    assert ticket_figures(qhall.hall, day(0), day(2), "hall")[qhall.hall.pk].issued == 3

    Ticket.objects.filter(pk=waiting.pk).update(status=TicketStatus.DONE)
    # With no time to spare, a run still sums one day; then the rest; then nothing.
    assert tickets_summarise(qhall.hall, today=day(3), budget=datetime.timedelta(0)) == 1
    assert tickets_summarise(qhall.hall, today=day(3)) == 1
    rows = TicketDay.objects.count()
    assert tickets_summarise(qhall.hall, today=day(3)) == 0
    assert TicketDay.objects.count() == rows == 3 * 4  # the hall, department, window, staff
    assert ticket_figures(qhall.hall, day(0), day(2), "hall")[qhall.hall.pk].issued == 3


def test_another_runner_that_moved_the_mark_is_left_alone(qhall):
    ticket(qhall, 1, day(0))
    ticket(qhall, 2, day(1))
    TicketSummaryMark.objects.create(hall=qhall.hall, through=day(0))
    assert tickets_summarise(qhall.hall, today=day(2)) == 1
    assert set(TicketDay.objects.values_list("service_day", flat=True)) == {day(1)}


def test_the_job_sums_the_days_that_are_over(qhall, time_machine):
    ticket(qhall, 1, day(0))
    time_machine.move_to(datetime.datetime.combine(day(2), datetime.time(8), ZONE), tick=False)
    run_due_jobs(names=["queue.summarise_days"])
    assert summarised_through(qhall.hall) == day(1)


def test_the_nearest_rank_percentile_in_whole_minutes():
    def p90(*minutes: float) -> int | None:
        figures = TicketFigures()
        for wait in minutes:
            figures.add_wait(int(wait * 60_000))
        return figures.wait_p90

    assert p90(5, 10, 20.9) == 20
    assert p90(*range(1, 11)) == 9
    assert p90(0.5) == 0
    assert p90() is None
