"""What a month's roster must cover and who can cover it: read from the database once, handed
to the solver (hall.rostering.solver) and the coverage check alike."""

from __future__ import annotations

import calendar as month_calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from hall.core import calendar
from hall.core.errors import NotFound
from hall.core.hours import PERIODS, Period, half_day_of
from hall.core.memo import KEPT_WHILE_HEARD, Memo
from hall.core.models import Department, Hall, User, Window
from hall.core.selectors import hall_settings
from hall.rostering.choices import ChangeStatus
from hall.rostering.models import (
    Absence,
    Assignment,
    DayOffRequest,
    Handover,
    Roster,
    RosterChange,
    RosterSettings,
    WindowClosure,
)
from hall.rostering.solver import Person, Problem, Slot
from hall.staff import selectors as staffing


def month_days(month: datetime.date) -> list[datetime.date]:
    last = month_calendar.monthrange(month.year, month.month)[1]
    return [month.replace(day=day) for day in range(1, last + 1)]


@dataclass(frozen=True)
class MonthCalendar:
    working_days: list[datetime.date]
    unconfirmed_years: tuple[int, ...]


def working_days(month: datetime.date) -> MonthCalendar:
    days = month_days(month)
    loaded = calendar.load(days[0], days[-1])
    working = [day for day in days if loaded.is_workday(day)]
    return MonthCalendar(working, tuple(sorted(loaded.unconfirmed_years_seen)))


def rostering_department(window: Window) -> Department | None:
    """The department whose roster staffs the window: the rule's, else its first by code."""
    requirement = getattr(window, "requirement", None)
    if requirement is not None and requirement.department_id:
        return requirement.department
    departments = sorted(window.departments.all(), key=lambda d: d.code)
    return departments[0] if departments else None


def windows_rostered_by(hall: Hall, department: Department) -> list[Window]:
    windows = (
        Window.objects.filter(hall=hall)
        .select_related("requirement__department")
        .prefetch_related("departments")
        .order_by("number")
    )
    return [
        w
        for w in windows
        if (rule := getattr(w, "requirement", None)) is None or rule.must_open
        if (owner := rostering_department(w)) is not None and owner.pk == department.pk
    ]


def required_slots(
    hall: Hall, department: Department, month: datetime.date
) -> tuple[list[Slot], dict[int, Window]]:
    """Every (day, half-day, window) the department must staff: its windows on every opening
    half-day of the hall calendar, less what the office closed with a reason."""
    windows = {w.number: w for w in windows_rostered_by(hall, department)}
    days = working_days(month).working_days
    closed = set(
        WindowClosure.objects.filter(
            window__in=windows.values(), date__range=(days[0], days[-1]) if days else (month, month)
        ).values_list("date", "period", "window__number")
    )
    slots = [
        Slot(day, period, number)
        for day in days
        for period in PERIODS
        for number in windows
        if (day, period, number) not in closed
    ]
    return slots, windows


def roster_staff(hall: Hall, department: Department) -> list[User]:
    """The department's people (a roster may name any of them; the proposal puts only those
    on the window post at windows)."""
    return list(staffing.people_of(department).filter(hall=hall))


def build_problem(hall: Hall, department: Department, month: datetime.date) -> Problem:
    month_info = working_days(month)
    days = month_info.working_days
    slots, windows = required_slots(hall, department, month)
    people = staffing.window_staff_of(hall, department)
    ids = [u.pk for u in people]
    first, last = (days[0], days[-1]) if days else (month, month)

    away: dict[int, dict[tuple[datetime.date, str], str]] = defaultdict(dict)
    leave = Absence.objects.filter(staff_id__in=ids, start_date__lte=last, end_date__gte=first)
    for request in leave:
        for day in days:
            for period in PERIODS:
                if request.covers(day, period):
                    away[request.staff_id][(day, period)] = request.kind

    held = staffing.certificates_valid_until(ids)  # person -> kind -> until
    needs = {
        number: list(window.required_qualifications.all()) for number, window in windows.items()
    }
    wishes: dict[int, set[datetime.date]] = defaultdict(set)
    for staff_id, day in DayOffRequest.objects.filter(
        staff_id__in=ids, date__range=(first, last)
    ).values_list("staff_id", "date"):
        wishes[staff_id].add(day)

    persons = []
    for user in people:
        not_at = {}
        for number, kinds in needs.items():
            for kind in kinds:
                until = held[user.pk].get(kind.pk)
                for day in days:
                    if until is None:
                        not_at[(day, number)] = f"no qualification {kind.name}"
                    elif day > until:
                        not_at[(day, number)] = f"{kind.name} expired on {until}"
        persons.append(
            Person(
                id=user.pk,
                name=user.get_full_name() or user.get_username(),
                windows=frozenset(windows),
                away=dict(away[user.pk]),
                not_at=not_at,
                wishes_off=wishes[user.pk],
            )
        )
    pairs = {
        number: (pair.a_staff_id, pair.b_staff_id)
        for number, pair in staffing.ab_pairs(windows.values()).items()
    }
    previous = {
        (day, period, number): staff_id
        for day, period, number, staff_id in Assignment.objects.filter(
            roster__department=department, roster__month=month, window__isnull=False
        ).values_list("date", "period", "window__number", "staff_id")
    }
    settings = hall_settings(RosterSettings, hall.pk)
    return Problem(
        working_days=days,
        required=slots,
        people=persons,
        ab_pairs=pairs,
        max_consecutive_days=settings.max_consecutive_days,
        previous=previous,
    )


@dataclass(frozen=True)
class CoverageGap:
    day: datetime.date
    period: str
    window: int

    @property
    def period_label(self) -> str:
        return str(Period(self.period).label)


def coverage_gaps(roster: Roster) -> list[CoverageGap]:
    """S3: every required window and half-day that nobody in the roster staffs."""
    slots, _windows = required_slots(roster.hall, roster.department, roster.month)
    staffed = set(
        roster.placed().filter(window__isnull=False).values_list("date", "period", "window__number")
    )
    return [
        CoverageGap(s.day, s.period, s.window)
        for s in slots
        if (s.day, s.period, s.window) not in staffed
    ]


def rosters_of(hall: Hall, month: datetime.date) -> list[Roster]:
    return list(Roster.objects.filter(hall=hall, month=month).select_related("department"))


@dataclass(frozen=True)
class OnDuty:
    staff: User
    post: str
    covering_for: User | None  # the A post, when the B post took over (B岗顶岗)


# Every workstation's desk shows who is on duty at its window, at each key: remembered for a
# minute (a window's keys come tens of seconds apart), forgotten in this process at any change
# of rosters, their assignments or hand-overs; a new half-day is a new key.
_on_duty: Memo[OnDuty | None] = Memo(
    seconds=60.0, cleared_by=(Roster, Assignment, Handover), while_heard=KEPT_WHILE_HEARD
)


def on_duty(window: Window, moment: datetime.datetime) -> OnDuty | None:
    """Who serves at the window now, by the roster and its hand-overs."""
    day, period = half_day_of(window.hall, moment)
    return _on_duty.get((window.pk, day, period), lambda: _on_duty_read(window, day, period))


def _on_duty_read(window: Window, day: datetime.date, period: str) -> OnDuty | None:
    rostered = (
        Assignment.objects.in_force()
        .filter(window=window, date=day, period=period)
        .select_related("staff")
        .first()
    )
    if rostered is None:
        return None
    handover = (
        Handover.objects.filter(window=window, date=day, period=period)
        .select_related("a_staff")
        .first()
    )
    return OnDuty(rostered.staff, rostered.post, handover.a_staff if handover else None)


def away(staff_id: int, day: datetime.date, period: str) -> bool:
    """Whether the person is on approved leave that half-day (the roster's copy of it)."""
    return any(
        absence.covers(day, period)
        for absence in Absence.objects.filter(
            staff_id=staff_id, start_date__lte=day, end_date__gte=day
        )
    )


def rostered_half_days(
    staff_id: int, first: datetime.date, last: datetime.date
) -> dict[tuple[datetime.date, str], int | None]:
    """Where the approved rosters put the person each half-day between the dates: a window's
    number, or None for the backup post (what attendance is measured against)."""
    return {
        (a.date, a.period): a.window.number if a.window else None
        for a in Assignment.objects.in_force()
        .filter(staff_id=staff_id, date__range=(first, last))
        .select_related("window")
    }


@dataclass(frozen=True)
class APostOnDuty:
    staff_id: int
    window_id: int


def a_posts_on_duty(hall: Hall, day: datetime.date, period: str) -> list[APostOnDuty]:
    """The A posts the approved roster puts at their own windows that half-day (a window
    handed over to its B post is no longer among them)."""
    return [
        APostOnDuty(staff_id, window_id)
        for staff_id, window_id in Assignment.objects.in_force()
        .filter(
            roster__hall=hall,
            date=day,
            period=period,
            window__ab_pair__a_staff=models.F("staff"),
        )
        .values_list("staff_id", "window_id")
    ]


def days_off_wished(staff_id: int, since: datetime.date) -> list[DayOffRequest]:
    """The days the person would like off from `since` on (the roster tries to keep them)."""
    return list(DayOffRequest.objects.filter(staff_id=staff_id, date__gte=since))


def rosters_of_departments(departments: QuerySet[Department]) -> QuerySet[Roster]:
    return Roster.objects.filter(department__in=departments).select_related("department")


def changes_waiting(departments: QuerySet[Department]) -> QuerySet[RosterChange]:
    """调班 requests the office has not decided yet."""
    return RosterChange.objects.filter(
        roster__department__in=departments, status=ChangeStatus.PENDING
    ).select_related("roster__department", "window", "from_staff", "to_staff")


def change_in(departments: QuerySet[Department], change_id: int) -> RosterChange:
    found = RosterChange.objects.filter(pk=change_id, roster__department__in=departments).first()
    if found is None:
        raise NotFound()
    return found


def person_of_hall(hall: Hall, user_id: int | None) -> User | None:
    """The person a grid cell names, if they are of the hall."""
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id, hall=hall).first()


def rostered_at_windows(hall: Hall, day: datetime.date, period: str) -> list[tuple[int, int]]:
    """(staff, window) the approved roster puts at windows that half-day, hand-overs applied:
    whom the office's dashboard expects (D1)."""
    return list(
        Assignment.objects.in_force()
        .filter(roster__hall=hall, date=day, period=period, window__isnull=False)
        .values_list("staff_id", "window_id")
    )


def on_backup_post(hall: Hall, day: datetime.date, period: str) -> list[int]:
    """Who the approved roster keeps on the backup post that half-day (B岗 not at a window):
    whom a 潮汐 alert may suggest to open one (D4)."""
    return list(
        Assignment.objects.in_force()
        .filter(roster__hall=hall, date=day, period=period, window__isnull=True)
        .values_list("staff_id", flat=True)
    )
