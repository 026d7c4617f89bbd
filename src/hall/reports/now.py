"""The hall now (D1): what the office's dashboard and the big screen show, read from the
other apps' selectors in a fixed number of queries however many windows and lines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from hall.attendance.selectors import punched_in
from hall.cases.selectors import clock_counts
from hall.core import calendar
from hall.core.choices import WindowState
from hall.core.hours import half_day_of, opening
from hall.core.models import Hall, User, Window
from hall.evaluation.selectors import Satisfaction, counted_ratings, satisfaction_total
from hall.queueing.selectors import QueueToday, queue_today
from hall.rostering.selectors import rostered_at_windows

SOON_WORKING_DAYS = 2  # a case due within this many working days is "soon due"
GRACE = datetime.timedelta(minutes=10)  # after opening, before someone counts as missing


@dataclass(frozen=True)
class Paused:
    window: Window
    reason: str
    minutes: int


@dataclass(frozen=True)
class Missing:
    staff: User
    window: Window


@dataclass(frozen=True)
class HallNow:
    at: datetime.datetime
    queue: QueueToday
    windows: dict[str, int]  # state -> how many
    paused: list[Paused]
    expected: int  # people the roster puts at windows this half-day
    missing: list[Missing]
    satisfaction: Satisfaction
    overdue: int
    soon_due: int

    @property
    def waiting(self) -> int:
        return sum(line.waiting for line in self.queue.lines)

    @property
    def longest_minutes(self) -> int:
        return max((line.longest_minutes for line in self.queue.lines), default=0)

    @property
    def busiest_hour(self) -> int:
        return max(self.queue.issued_by_hour.values(), default=0)


def hall_now(hall: Hall, now: datetime.datetime | None = None) -> HallNow:
    now = now or timezone.now()
    day, period = half_day_of(hall, now)
    windows = list(Window.objects.filter(hall=hall).select_related("zone").order_by("number"))
    by_id = {w.pk: w for w in windows}
    states = {state.value: 0 for state in WindowState}
    paused = []
    for window in windows:
        states[window.state] += 1
        if window.state == WindowState.PAUSED:
            since = window.state_changed_at or now
            paused.append(Paused(window, window.state_reason, int((now - since).seconds // 60)))
    rostered = rostered_at_windows(hall, day, period)
    missing: list[Missing] = []
    if rostered and now >= opening(hall, day, period)[0] + GRACE:
        present = punched_in(hall, day, period)
        absent = {staff for staff, _window in rostered if staff not in present}
        people = {u.pk: u for u in User.objects.filter(pk__in=absent)}
        missing = [
            Missing(people[staff], by_id[window])
            for staff, window in rostered
            if staff in people and window in by_id
        ]
    overdue, soon = clock_counts(hall, day, calendar.add_working_days(day, SOON_WORKING_DAYS).date)
    return HallNow(
        at=now,
        queue=queue_today(hall, now),
        windows=states,
        paused=sorted(paused, key=lambda p: -p.minutes),
        expected=len(rostered),
        missing=missing,
        satisfaction=satisfaction_total(counted_ratings(hall, day, day), hall.name),
        overdue=overdue,
        soon_due=soon,
    )
