"""Reads of appointments that the phone pages, the kiosk, the staff views and the API share."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from hall.appointments.choices import AppointmentStatus
from hall.appointments.errors import AppointmentNotFound, DayOutsideHorizon, NotBookable
from hall.appointments.models import (
    Appointment,
    AppointmentSettings,
    BookingSuspension,
    PoolItem,
    SlotPool,
    SlotTally,
)
from hall.core import calendar, identifiers
from hall.core.inputs import check_date
from hall.core.memo import Memo
from hall.core.models import CalendarDay, CalendarYear, Hall
from hall.core.pii import digests
from hall.core.selectors import hall_settings

# Read on every booking and every slot list; an office's change is seen within seconds.
_settings: Memo[AppointmentSettings] = Memo(seconds=5.0, cleared_by=(AppointmentSettings,))
_bookable: Memo[list[Bookable]] = Memo(seconds=5.0, cleared_by=(SlotPool, PoolItem))
_days: Memo[BookableDays] = Memo(
    seconds=60.0, cleared_by=(AppointmentSettings, CalendarDay, CalendarYear)
)


def appointment_settings(hall: Hall) -> AppointmentSettings:
    return _settings.get(hall.pk, lambda: hall_settings(AppointmentSettings, hall.pk))


@dataclass(frozen=True)
class Bookable:
    """A service item a person can book, and the pool whose places it takes."""

    code: str
    name: str
    pool: SlotPool
    service_item_id: int


def bookable_items(hall: Hall) -> list[Bookable]:
    """What the booking page offers: items in an open pool whose current guide says they can
    be booked, in the guide's order."""
    return _bookable.get(hall.pk, lambda: _bookable_items(hall))


def _bookable_items(hall: Hall) -> list[Bookable]:
    rows = (
        PoolItem.objects.filter(
            pool__hall=hall,
            pool__is_active=True,
            service_item__is_active=True,
            service_item__current__bookable=True,
        )
        .select_related("pool", "service_item__current")
        .order_by("service_item__code")
    )
    return [
        Bookable(r.service_item.code, r.service_item.current.name, r.pool, r.service_item_id)  # type: ignore[union-attr]  # filtered on current__bookable
        for r in rows
    ]


def bookable(hall: Hall, code: str) -> Bookable:
    found = next((b for b in bookable_items(hall) if b.code == code), None)
    if found is None:
        raise NotBookable()
    return found


def slot_times(hall: Hall, minutes: int) -> list[tuple[datetime.time, datetime.time]]:
    """The slots of a working day: the morning's and the afternoon's opening hours cut into
    `minutes`, none across the lunch break, none running past closing time."""
    step = datetime.timedelta(minutes=minutes)
    times = []
    for opens, closes in (
        (hall.morning_opens, hall.morning_closes),
        (hall.afternoon_opens, hall.afternoon_closes),
    ):
        day = datetime.date(2000, 1, 3)  # any date: only the times of day matter
        start = datetime.datetime.combine(day, opens)
        while start + step <= datetime.datetime.combine(day, closes):
            times.append((start.time(), (start + step).time()))
            start += step
    return times


@dataclass(frozen=True)
class BookableDays:
    """The days a person may book from `today`: the last one, and which are working days."""

    last: datetime.date
    workdays: frozenset[datetime.date]


def bookable_days_from(hall: Hall, today: datetime.date) -> BookableDays:
    """Today and the hall's horizon of working days after it (a holiday not counted),
    remembered a minute: every booking and slot list asks."""

    def load() -> BookableDays:
        horizon = appointment_settings(hall).horizon_working_days
        last = calendar.add_working_days(today, horizon).date
        working = calendar.load(today, last)
        span = (today + datetime.timedelta(days=n) for n in range((last - today).days + 1))
        return BookableDays(last, frozenset(d for d in span if working.is_workday(d)))

    return _days.get((hall.pk, today), load)


def check_bookable_day(hall: Hall, day: datetime.date, today: datetime.date) -> bool:
    """Whether `day` is a working day, if it lies in the booking horizon (else refused)."""
    days = bookable_days_from(hall, today)
    check_date(day)
    if not today <= day <= days.last:
        raise DayOutsideHorizon(last=days.last.isoformat())
    return day in days.workdays


@dataclass(frozen=True)
class Slot:
    start: datetime.time
    end: datetime.time
    capacity: int
    available: int
    begun: bool  # today, and already started: no longer offered


@dataclass(frozen=True)
class DaySlots:
    date: datetime.date
    closed: bool
    slots: list[Slot]

    @property
    def available(self) -> int:
        return sum(s.available for s in self.slots if not s.begun)


def _taken(pool: SlotPool, first: datetime.date, last: datetime.date) -> dict[tuple, int]:
    return {
        (date, start): taken
        for date, start, taken in SlotTally.objects.filter(
            pool=pool, date__range=(first, last)
        ).values_list("date", "start", "taken")
    }


def _day_slots(
    hall: Hall,
    pool: SlotPool,
    day: datetime.date,
    *,
    workday: bool,
    taken: dict[tuple, int],
    now: datetime.datetime,
) -> DaySlots:
    if not workday:
        return DaySlots(day, closed=True, slots=[])
    local = timezone.localtime(now)
    return DaySlots(
        day,
        closed=False,
        slots=[
            Slot(
                start,
                end,
                pool.capacity,
                max(0, pool.capacity - taken.get((day, start), 0)),
                begun=day < local.date() or (day == local.date() and start <= local.time()),
            )
            for start, end in slot_times(hall, pool.slot_minutes)
        ],
    )


def day_slots(hall: Hall, pool: SlotPool, day: datetime.date) -> DaySlots:
    """One day's slots of a pool with the places left (a closed day has none)."""
    check_date(day)
    return _day_slots(
        hall,
        pool,
        day,
        workday=calendar.is_workday(day),
        taken=_taken(pool, day, day),
        now=timezone.now(),
    )


def bookable_days(hall: Hall, pool: SlotPool) -> list[DaySlots]:
    """The working days a person may book now, each with its slots (one query)."""
    now = timezone.now()
    days = bookable_days_from(hall, timezone.localdate(now))
    taken = _taken(pool, timezone.localdate(now), days.last)
    return [
        _day_slots(hall, pool, day, workday=True, taken=taken, now=now)
        for day in sorted(days.workdays)
    ]


def appointment_by_code(code: str) -> Appointment | None:
    code = normalize_code(code)
    if not code:
        return None
    return (
        Appointment.objects.filter(code=code)
        .select_related("hall", "pool", "service_item__current", "ticket")
        .first()
    )


def own_appointment(code: str, id_last4: str, *, lock: bool = False) -> Appointment:
    """The booking behind a code, if the ID number's last four match (what a person proves
    to change or cancel it); `lock` inside the change's transaction."""
    rows = Appointment.objects.select_for_update(of=("self",)) if lock else Appointment.objects
    code = normalize_code(code)
    found = (
        rows.filter(code=code).select_related("hall", "pool", "service_item__current").first()
        if code
        else None
    )
    if found is None or found.applicant_id_tail != id_last4.strip().upper():
        raise AppointmentNotFound()
    return found


CODE_LENGTH = 8


def normalize_code(text: str) -> str:
    """A booking's code as typed or scanned, or "" if it cannot be one."""
    return identifiers.normalize_spoken_code(text, CODE_LENGTH)


def active_suspension(hall: Hall, id_number: str, today: datetime.date) -> BookingSuspension | None:
    return (
        BookingSuspension.objects.filter(
            hall=hall,
            applicant_id_digest__in=digests("resident_id", id_number),
            lifted_at__isnull=True,
            until__gte=today,
        )
        .order_by("-until")
        .first()
    )


def suspensions(hall: Hall) -> QuerySet[BookingSuspension]:
    """Suspensions in force or lifted in the last month, newest first (the office's list)."""
    today = timezone.localdate()
    return BookingSuspension.objects.filter(
        hall=hall, until__gte=today - datetime.timedelta(days=30)
    ).select_related("lifted_by")


def bookings_of_day(hall: Hall, day: datetime.date) -> QuerySet[Appointment]:
    """A day's bookings in slot order, for the staff's list per slot and item."""
    return (
        Appointment.objects.filter(hall=hall, date=day)
        .select_related("service_item__current", "pool", "ticket")
        .order_by("start", "service_item__code", "pk")
    )


@dataclass(frozen=True)
class SlotBookings:
    start: datetime.time
    end: datetime.time
    bookings: list[Appointment]


def by_slot(bookings: list[Appointment]) -> list[SlotBookings]:
    """A day's bookings grouped by their slot, in time order (the staff's list)."""
    slots: dict[tuple[datetime.time, datetime.time], list[Appointment]] = {}
    for appointment in bookings:
        slots.setdefault((appointment.start, appointment.end), []).append(appointment)
    return [SlotBookings(start, end, rows) for (start, end), rows in sorted(slots.items())]


def status_totals(bookings: list[Appointment]) -> list[tuple[str, int]]:
    """How many bookings of the day are in each state (every state, zeros included)."""
    counts = Counter(a.status for a in bookings)
    return [(str(label), counts.get(value, 0)) for value, label in AppointmentStatus.choices]


@dataclass(frozen=True)
class Opening:
    """Today's opening as the public page says it: the hours, or closed and the next open day."""

    open_today: bool
    periods: list[tuple[datetime.time, datetime.time]]
    next_open: datetime.date | None


def opening_today(hall: Hall, now: datetime.datetime) -> Opening:
    today = timezone.localdate(now)
    periods = [
        (hall.morning_opens, hall.morning_closes),
        (hall.afternoon_opens, hall.afternoon_closes),
    ]
    working = calendar.load(today, today + datetime.timedelta(days=40))
    if working.is_workday(today):
        return Opening(True, periods, None)
    day = today + datetime.timedelta(days=1)
    while not working.is_workday(day) and day < today + datetime.timedelta(days=40):
        day += datetime.timedelta(days=1)
    return Opening(False, periods, day if working.is_workday(day) else None)
