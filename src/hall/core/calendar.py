"""The working-day calendar (O4): which days a hall works, and deadlines in working days (C3).

Statutory holidays and make-up workdays (调休) live in `CalendarDay`, seeded from the
`chinese-calendar` package and editable by the administrator. A year with no confirmed
`CalendarYear` falls back to Monday-Friday: the answer still comes, with the year named as
unconfirmed so that callers can warn (the State Council announces each year late in the one
before).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from hall.core.choices import CalendarDayKind
from hall.core.errors import InvalidInput, NotFound
from hall.core.models import CalendarDay, CalendarYear


class NegativeWorkingDays(InvalidInput):
    code = "negative_working_days"


@dataclass(frozen=True)
class WorkingDays:
    """The calendar over a span of dates, loaded with one query per lookup."""

    exceptions: dict[datetime.date, str]  # date -> CalendarDayKind
    confirmed_years: frozenset[int]
    unconfirmed_years_seen: set[int] = field(default_factory=set, compare=False)

    def is_workday(self, day: datetime.date) -> bool:
        if day.year not in self.confirmed_years:
            self.unconfirmed_years_seen.add(day.year)
        kind = self.exceptions.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKDAY
        return day.weekday() < 5


def load(start: datetime.date, end: datetime.date) -> WorkingDays:
    exceptions = dict(
        CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
    )
    confirmed = frozenset(
        CalendarYear.objects.filter(
            year__range=(start.year, end.year), is_confirmed=True
        ).values_list("year", flat=True)
    )
    return WorkingDays(exceptions=exceptions, confirmed_years=confirmed)


@dataclass(frozen=True)
class DayAnswer:
    day: datetime.date
    is_workday: bool
    is_confirmed: bool
    name: str


def describe_day(day: datetime.date) -> DayAnswer:
    entry = CalendarDay.objects.filter(date=day).first()
    confirmed = CalendarYear.objects.filter(year=day.year, is_confirmed=True).exists()
    if entry is not None:
        return DayAnswer(day, entry.kind == CalendarDayKind.WORKDAY, confirmed, entry.name)
    return DayAnswer(day, day.weekday() < 5, confirmed, "")


def is_workday(day: datetime.date) -> bool:
    return describe_day(day).is_workday


@dataclass(frozen=True)
class DueDate:
    date: datetime.date
    unconfirmed_years: tuple[int, ...]


def add_working_days(start: datetime.date, days: int) -> DueDate:
    """The date `days` working days after `start`, `start` itself not counted (C3).

    With `days == 0` the answer is `start` itself. The calendar is loaded a span at a time,
    so a long limit costs a query or two, not one per day.
    """
    if days < 0:
        raise NegativeWorkingDays()
    day = start
    remaining = days
    unconfirmed: set[int] = set()
    while remaining:
        span_end = day + datetime.timedelta(days=max(31, remaining * 2 + 30))
        working_days = load(day + datetime.timedelta(days=1), span_end)
        while remaining and day < span_end:
            day += datetime.timedelta(days=1)
            if working_days.is_workday(day):
                remaining -= 1
        unconfirmed |= working_days.unconfirmed_years_seen
    return DueDate(day, tuple(sorted(unconfirmed)))


def unconfirmed_years(years: Iterable[int]) -> list[int]:
    """Those of `years` whose holidays nobody has confirmed yet."""
    wanted = sorted(set(years))
    confirmed = set(
        CalendarYear.objects.filter(year__in=wanted, is_confirmed=True).values_list(
            "year", flat=True
        )
    )
    return [year for year in wanted if year not in confirmed]


def package_years() -> range:
    """The years the installed chinese-calendar package has data for."""
    from chinese_calendar import constants

    known = [day.year for day in constants.holidays]
    return range(min(known), max(known) + 1)


def month_named(text: str) -> datetime.date:
    """The first day of the month a URL names as 2027-01 (404 for anything else)."""
    try:
        return datetime.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise NotFound() from None
