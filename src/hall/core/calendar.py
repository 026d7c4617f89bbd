"""The working-day calendar (O4): which days a hall works, and deadlines in working days (C3).

Statutory holidays and make-up workdays (调休) live in `CalendarDay`, seeded from the
`chinese-calendar` package and editable by the administrator. A year with no confirmed
`CalendarYear` falls back to Monday-Friday minus the statutory holidays themselves, which the
law fixes (《全国年节及纪念日放假办法》, 2024: 元旦 1 day, 春节 4 days from 除夕, 清明 1,
劳动节 2, 端午 1, 中秋 1, 国庆 3; lunar dates and 清明 from `lunar_python`): the answer still
comes, with the year named as unconfirmed so that callers can warn, because only the 调休
arrangement is announced late in the year before.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hall.core.choices import CalendarDayKind
from hall.core.errors import InvalidInput, NotFound
from hall.core.inputs import LATEST, DateOutOfRange, check_date
from hall.core.memo import Memo
from hall.core.models import CalendarDay, CalendarYear

# The longest span a deadline may count (a form, the API, `hall calendar due`): ten years.
MAX_WORKING_DAYS = 2500


class WorkingDaysOutOfRange(InvalidInput):
    code = "working_days_out_of_range"
    default_message = _("Give a number of working days between 0 and %(most)s.")


@dataclass(frozen=True)
class WorkingDays:
    """The calendar over a span of dates, loaded with one query per lookup."""

    exceptions: dict[datetime.date, str]  # date -> CalendarDayKind
    confirmed_years: frozenset[int]
    unconfirmed_years_seen: set[int] = field(default_factory=set, compare=False)

    def is_workday(self, day: datetime.date) -> bool:
        kind = self.exceptions.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKDAY
        if day.year not in self.confirmed_years:
            self.unconfirmed_years_seen.add(day.year)
            if day in statutory_holidays(day.year):
                return False
        return day.weekday() < 5

    def days_off_before(self, day: datetime.date, *, most: int = 14) -> int:
        """How many days off in a row end the day before `day` (2 after an ordinary weekend;
        3 or more after a long holiday: the busy day after it)."""
        off = 0
        while off < most and not self.is_workday(day - datetime.timedelta(days=off + 1)):
            off += 1
        return off


@functools.lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[datetime.date, str | Promise]:
    """The days off the law itself fixes in `year`, with their names (no 调休: the State
    Council announces that arrangement each year). Names stay lazy: the cache serves every
    language."""
    from lunar_python import Lunar

    def lunar(month: int, day: int) -> datetime.date:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())

    spring_festival = lunar(1, 1)
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days: dict[datetime.date, str | Promise] = {datetime.date(year, 1, 1): _("New Year's Day")}
    for offset in range(-1, 3):  # 除夕 to 初三
        days[spring_festival + datetime.timedelta(days=offset)] = _("Spring Festival")
    days[datetime.date(year, qingming.getMonth(), qingming.getDay())] = _("Qingming")
    for day in (1, 2):
        days[datetime.date(year, 5, day)] = _("Labour Day")
    days[lunar(5, 5)] = _("Dragon Boat Festival")
    days[lunar(8, 15)] = _("Mid-Autumn Festival")
    for day in (1, 2, 3):
        days[datetime.date(year, 10, day)] = _("National Day")
    return days


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
    holiday = "" if confirmed else str(statutory_holidays(day.year).get(day, ""))
    return DayAnswer(day, not holiday and day.weekday() < 5, confirmed, holiday)


def is_workday(day: datetime.date) -> bool:
    return describe_day(day).is_workday


@dataclass(frozen=True)
class DueDate:
    date: datetime.date
    unconfirmed_years: tuple[int, ...]


def add_working_days(start: datetime.date, days: int) -> DueDate:
    """The date `days` working days after `start`, `start` itself not counted (C3).

    With `days == 0` the answer is `start` itself. The calendar is loaded a span at a time,
    so a long limit costs a query or two, not one per day; a span never passes the last day
    the calendar can know (`DateOutOfRange`).
    """
    if not 0 <= days <= MAX_WORKING_DAYS:
        raise WorkingDaysOutOfRange(most=MAX_WORKING_DAYS)
    check_date(start)
    day = start
    remaining = days
    unconfirmed: set[int] = set()
    while remaining:
        if day >= LATEST:
            raise DateOutOfRange(earliest=start.isoformat(), latest=LATEST.isoformat())
        span_end = min(day + datetime.timedelta(days=max(31, remaining * 2 + 30)), LATEST)
        working_days = load(day + datetime.timedelta(days=1), span_end)
        while remaining and day < span_end:
            day += datetime.timedelta(days=1)
            if working_days.is_workday(day):
                remaining -= 1
        unconfirmed |= working_days.unconfirmed_years_seen
    return DueDate(day, tuple(sorted(unconfirmed)))


# Asked on every page an administrator opens (the warning in its header): remembered.
_unconfirmed: Memo[list[int]] = Memo(seconds=60.0, cleared_by=(CalendarYear,))


def unconfirmed_years(years: Iterable[int]) -> list[int]:
    """Those of `years` whose holidays nobody has confirmed yet."""
    wanted = tuple(sorted(set(years)))

    def read() -> list[int]:
        confirmed = set(
            CalendarYear.objects.filter(year__in=wanted, is_confirmed=True).values_list(
                "year", flat=True
            )
        )
        return [year for year in wanted if year not in confirmed]

    return list(_unconfirmed.get(wanted, read))


def package_years() -> range:
    """The years the installed chinese-calendar package has data for."""
    from chinese_calendar import constants

    known = [day.year for day in constants.holidays]
    return range(min(known), max(known) + 1)


def month_named(text: str) -> datetime.date:
    """The first day of the month a URL names as 2027-01 (404 for anything else, and for a
    month outside the years the calendar can know)."""
    try:
        month = datetime.date.fromisoformat(f"{text}-01")
        return check_date(month)
    except (ValueError, DateOutOfRange):
        raise NotFound() from None
