"""The tickets' figures for reports (F3), from day summaries where a day is over.

A busy hall takes three million tickets a year; read one by one, a year's figures take a
minute on PostgreSQL. Once a day is over and none of its tickets is still open, the
`queue.summarise_days` job sums it into `TicketDay` rows, one for the hall and one per
department (of the business), window and member of staff, and moves the hall's
`TicketSummaryMark` past it. A report reads the rows of its grouping up to the mark and the
tickets after it, through the same arithmetic: both give integers and a histogram of waits,
so a figure is the same whichever way it was read (the tests check it).
"""

from __future__ import annotations

import datetime
import math
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Sum

from hall.core.models import Hall
from hall.queueing.choices import AT_WINDOW, NO_SHOW_MARKS, Channel, TicketStatus
from hall.queueing.models import Ticket, TicketDay, TicketEvent, TicketSummaryMark

MS_PER_MINUTE = 60_000
ONE_DAY = datetime.timedelta(days=1)
# What a ticket is grouped by: the hall, the business's department, where it was served.
GROUPINGS = {
    "hall": "hall_id",
    "department": "category__department_id",
    "window": "window_id",
    "staff": "served_by_id",
}
TICKET_FIELDS = (
    *GROUPINGS.values(), "status", "channel", "arrived_at", "called_at", "started_at",
    "finished_at", "marked",
)  # fmt: skip
SUMMARY_FIELDS = (
    "service_day", "key", "issued", "served", "no_shows", "appointments", "waited", "wait_ms",
    "service_ms", "wait_minutes",
)  # fmt: skip

Key = int | None


@dataclass
class TicketFigures:
    """What a report needs of some tickets, in sums that add up across days and groups."""

    issued: int = 0
    served: int = 0
    no_shows: int = 0  # tickets marked 过号, whether or not they went back in the line
    appointments: int = 0  # checked in from a booking
    waited: int = 0  # called
    wait_ms: int = 0
    service_ms: int = 0  # of those served
    # How many waited 0, 1, 2 … whole minutes before they were called.
    wait_minutes: list[int] = field(default_factory=list)

    def add(self, other: TicketFigures) -> None:
        self.issued += other.issued
        self.served += other.served
        self.no_shows += other.no_shows
        self.appointments += other.appointments
        self.waited += other.waited
        self.wait_ms += other.wait_ms
        self.service_ms += other.service_ms
        self.add_waits(other.wait_minutes)

    def add_waits(self, minutes: list[int]) -> None:
        mine = self.wait_minutes
        if len(minutes) > len(mine):
            mine.extend([0] * (len(minutes) - len(mine)))
        for minute, count in enumerate(minutes):
            if count:
                mine[minute] += count

    def add_wait(self, ms: int) -> None:
        self.waited += 1
        self.wait_ms += ms
        minute = ms // MS_PER_MINUTE
        if minute >= len(self.wait_minutes):
            self.wait_minutes.extend([0] * (minute + 1 - len(self.wait_minutes)))
        self.wait_minutes[minute] += 1

    @property
    def wait_mean(self) -> float | None:
        return round(self.wait_ms / self.waited / MS_PER_MINUTE, 1) if self.waited else None

    @property
    def service_mean(self) -> float | None:
        return round(self.service_ms / self.served / MS_PER_MINUTE, 1) if self.served else None

    @property
    def wait_p90(self) -> int | None:
        """The nearest-rank 90th percentile of the waits, in whole minutes waited."""
        rank = math.ceil(0.9 * self.waited)
        seen = 0
        for minute, count in enumerate(self.wait_minutes):
            seen += count
            if count and seen >= rank:
                return minute
        return None  # nobody waited


def _ms(delta: datetime.timedelta) -> int:
    return max(0, delta // datetime.timedelta(milliseconds=1))


def _from_tickets(
    hall: Hall, first: datetime.date, last: datetime.date, groupings: list[str]
) -> dict[tuple[str, datetime.date, Key], TicketFigures]:
    """The tickets of the days read one by one, per (grouping, day, key)."""
    marked = TicketEvent.objects.filter(ticket=OuterRef("pk"), kind__in=NO_SHOW_MARKS)
    rows = (
        Ticket.objects.filter(hall=hall, service_day__range=(first, last))
        .annotate(marked=Exists(marked))
        .order_by()
        .values_list("service_day", *TICKET_FIELDS)
    )
    positions = [list(GROUPINGS).index(grouping) for grouping in groupings]
    figures: dict[tuple[str, datetime.date, Key], TicketFigures] = defaultdict(TicketFigures)
    for (
        day,
        *keys,
        status,
        channel,
        arrived,
        called,
        started,
        finished,
        marked_no_show,
    ) in rows.iterator(2000):
        for grouping, position in zip(groupings, positions, strict=True):
            row = figures[(grouping, day, keys[position])]
            row.issued += 1
            row.appointments += channel == Channel.APPOINTMENT
            row.no_shows += marked_no_show
            if called is not None:
                row.add_wait(_ms(called - arrived))
            if status == TicketStatus.DONE and started is not None and finished is not None:
                row.served += 1
                row.service_ms += _ms(finished - started)
    return figures


def _from_summaries(
    hall: Hall, first: datetime.date, last: datetime.date, grouping: str
) -> Iterator[tuple[datetime.date, Key, TicketFigures]]:
    rows = TicketDay.objects.filter(
        hall=hall, grouping=grouping, service_day__range=(first, last)
    ).values_list(*SUMMARY_FIELDS)
    for day, key, *counts in rows.iterator(2000):
        yield day, key, TicketFigures(*counts)


def summarised_through(hall: Hall) -> datetime.date | None:
    return TicketSummaryMark.objects.filter(hall=hall).values_list("through", flat=True).first()


def _unsummarised_from(hall: Hall, first: datetime.date) -> datetime.date:
    through = summarised_through(hall)
    return first if through is None else max(first, through + ONE_DAY)


def ticket_figures(
    hall: Hall, first: datetime.date, last: datetime.date, by: str
) -> dict[Key, TicketFigures]:
    """A report's ticket columns (F3) per hall, department (of the business), window or
    member of staff (where it was served): the summed days, then the tickets after them."""
    figures: dict[Key, TicketFigures] = defaultdict(TicketFigures)
    start = _unsummarised_from(hall, first)
    if first < start:
        for _day, key, part in _from_summaries(hall, first, min(last, start - ONE_DAY), by):
            figures[key].add(part)
    if start <= last:
        for (_grouping, _day, key), part in _from_tickets(hall, start, last, [by]).items():
            figures[key].add(part)
    return dict(figures)


def issued_by_day(
    hall: Hall, first: datetime.date, last: datetime.date
) -> dict[datetime.date, int]:
    """Tickets taken each day of a period (a report's chart): two grouped queries."""
    start = _unsummarised_from(hall, first)
    summed = dict(
        TicketDay.objects.filter(
            hall=hall, grouping="hall", service_day__range=(first, min(last, start - ONE_DAY))
        )
        .values("service_day")
        .annotate(n=Sum("issued"))
        .values_list("service_day", "n")
    )
    return summed | dict(
        Ticket.objects.filter(hall=hall, service_day__range=(start, last))
        .values("service_day")
        .annotate(n=Count("id"))
        .values_list("service_day", "n")
    )


def tickets_summarise(
    hall: Hall, *, today: datetime.date, budget: datetime.timedelta | None = None
) -> int:
    """Sum the hall's days that are over into `TicketDay` rows, a day a transaction, oldest
    first, until `budget` is spent (at least one day a run); returns how many days. A day is
    over when it is past and none of its tickets still waits or stands at a window (a hall
    that keeps its line overnight serves it the next morning)."""
    through = summarised_through(hall)
    if through is None:
        oldest = Ticket.objects.filter(hall=hall).aggregate(day=Min("service_day"))["day"]
        if oldest is None:
            return 0
        through = oldest - ONE_DAY
    end = today - ONE_DAY
    still_open = Ticket.objects.filter(
        hall=hall, service_day__gt=through, status__in=[TicketStatus.WAITING, *AT_WINDOW]
    ).aggregate(day=Min("service_day"))["day"]
    if still_open is not None:
        end = min(end, still_open - ONE_DAY)
    deadline = time.monotonic() + budget.total_seconds() if budget is not None else math.inf
    summed = 0
    day = through + ONE_DAY
    while day <= end and (summed == 0 or time.monotonic() < deadline):
        if not _summarise_day(hall, day):
            break
        summed += 1
        day += ONE_DAY
    return summed


@transaction.atomic
def _summarise_day(hall: Hall, day: datetime.date) -> bool:
    mark, _ = TicketSummaryMark.objects.select_for_update().get_or_create(
        hall=hall, defaults={"through": day - ONE_DAY}
    )
    if mark.through != day - ONE_DAY:
        return False  # another runner got there first
    TicketDay.objects.bulk_create(
        TicketDay(
            hall=hall,
            service_day=day,
            grouping=grouping,
            key=key,
            issued=figures.issued,
            served=figures.served,
            no_shows=figures.no_shows,
            appointments=figures.appointments,
            waited=figures.waited,
            wait_ms=figures.wait_ms,
            service_ms=figures.service_ms,
            wait_minutes=figures.wait_minutes,
        )
        for (grouping, _day, key), figures in _from_tickets(hall, day, day, list(GROUPINGS)).items()
    )
    mark.through = day
    mark.save(update_fields=["through"])
    return True
