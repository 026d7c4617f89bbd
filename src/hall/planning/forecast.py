"""The demand forecast (D2): people arriving per category and half-hour for each day of a
coming month, from the hall's history by weekday and time of day.

A working day is one of: a weekday (its own history: Mondays are not Thursdays); the first
working day after a long holiday (three or more days off, as after 春节 or 国庆: busier, by the
factor history shows, or `AFTER_HOLIDAY_DEFAULT` when it shows none); a make-up workday
(调休, a Saturday or Sunday: the mean weekday, by its own factor). Days off get nothing.
Beside the forecast, its error: each of the last weeks of history forecast from the weeks
before it, compared day by day and category by category (MAPE)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hall.core import calendar
from hall.core.errors import InvalidInput
from hall.core.inputs import add_months
from hall.core.models import Hall
from hall.queueing.selectors import arrivals_by_half_hour

HISTORY_WEEKS = 12
CHECKED_WEEKS = 4  # the error is measured on this many of the last weeks
FACTOR_DAYS = 400  # how far back the special days' factors are looked for
AFTER_HOLIDAY_DEFAULT = 1.3  # no long holiday in the history: the usual rush
LONG_HOLIDAY = 3  # days off in a row
AFTER_HOLIDAY, MAKE_UP = "after_holiday", "make_up"

Counts = dict[tuple[int, int], float]  # (category id, half-hour slot) -> people


class NoHistory(InvalidInput):
    code = "no_history"
    default_message = _("There is no ticket history before %(first)s to forecast from.")


def day_kind(day: datetime.date, days: calendar.WorkingDays) -> str:
    """ "weekday0"–"weekday4", AFTER_HOLIDAY, MAKE_UP, or "" for a day off."""
    if not days.is_workday(day):
        return ""
    if days.days_off_before(day) >= LONG_HOLIDAY:
        return AFTER_HOLIDAY
    if day.weekday() >= 5:
        return MAKE_UP
    return f"weekday{day.weekday()}"


@dataclass(frozen=True)
class Forecast:
    first: datetime.date
    days: dict[datetime.date, Counts]
    kinds: dict[datetime.date, str]
    factors: dict[str, float]  # AFTER_HOLIDAY and MAKE_UP against an ordinary weekday
    mape: float | None  # per cent, on the last weeks of history; None with too little

    def total(self, day: datetime.date, category: int | None = None) -> float:
        return sum(
            people
            for (c, _slot), people in self.days.get(day, {}).items()
            if category is None or c == category
        )


def _by_day(rows: dict[tuple[datetime.date, int, int], int]) -> dict[datetime.date, Counts]:
    days: dict[datetime.date, Counts] = defaultdict(dict)
    for (day, category, slot), people in rows.items():
        days[day][(category, slot)] = float(people)
    return days


def _mean(profiles: list[Counts]) -> Counts:
    summed: Counts = defaultdict(float)
    for profile in profiles:
        for key, people in profile.items():
            summed[key] += people
    return {key: people / len(profiles) for key, people in summed.items()} if profiles else {}


class _Model:
    """Profiles learnt from the history's ordinary weekdays; the special days' factors from
    `factor_kinds` (a longer look back: they are rare)."""

    def __init__(
        self,
        history: dict[datetime.date, Counts],
        kinds: dict[datetime.date, str],
        factor_kinds: dict[datetime.date, str] | None = None,
    ):
        by_kind: dict[str, list[datetime.date]] = defaultdict(list)
        for day, kind in kinds.items():
            if kind:
                by_kind[kind].append(day)
        self.profiles = {
            kind: _mean([history.get(day, {}) for day in days])
            for kind, days in by_kind.items()
            if kind.startswith("weekday")
        }
        self.weekdays = _mean(list(self.profiles.values()))
        looked_at = factor_kinds if factor_kinds is not None else kinds
        self.factors = {
            AFTER_HOLIDAY: _factor(history, looked_at, AFTER_HOLIDAY, AFTER_HOLIDAY_DEFAULT),
            MAKE_UP: _factor(history, looked_at, MAKE_UP, 1.0),
        }

    def day(self, day: datetime.date, kind: str) -> Counts:
        if not kind:
            return {}
        if kind == AFTER_HOLIDAY:
            base = self.profiles.get(f"weekday{day.weekday()}", self.weekdays)
        elif kind == MAKE_UP:
            base = self.weekdays
        else:
            return dict(self.profiles.get(kind, self.weekdays))
        return {key: people * self.factors[kind] for key, people in base.items()}


def _factor(
    history: dict[datetime.date, Counts], kinds: dict[datetime.date, str], kind: str, default: float
) -> float:
    """How the special days' volume compared with the ordinary days around them (the same
    weekday within four weeks; for a make-up day, the mean of the weekdays), on average."""
    totals = {day: sum(counts.values()) for day, counts in history.items()}
    ratios = []
    for day, this_kind in kinds.items():
        if this_kind != kind or day not in totals:
            continue
        near: dict[int, list[float]] = defaultdict(list)  # weekday -> ordinary days' totals
        for other, other_kind in kinds.items():
            if other_kind.startswith("weekday") and abs((other - day).days) <= 28:
                near[other.weekday()].append(totals.get(other, 0.0))
        if kind != MAKE_UP:
            near = {day.weekday(): near.get(day.weekday(), [])}
        means = [sum(values) / len(values) for values in near.values() if values]
        usual = sum(means) / len(means) if means else 0
        if usual:
            ratios.append(totals[day] / usual)
    return round(sum(ratios) / len(ratios), 3) if ratios else default


def _kinds(first: datetime.date, last: datetime.date) -> dict[datetime.date, str]:
    days = calendar.load(first - datetime.timedelta(days=15), last)
    return {
        first + datetime.timedelta(days=n): day_kind(first + datetime.timedelta(days=n), days)
        for n in range((last - first).days + 1)
    }


def forecast(hall: Hall, month: datetime.date, *, today: datetime.date) -> Forecast:
    """Each day of `month` from the history up to yesterday (or the month's start, if it
    has begun): the last weeks for the profiles, a longer look back for the special days."""
    first = month.replace(day=1)
    last = add_months(first, 1) - datetime.timedelta(days=1)
    history_end = min(today, first) - datetime.timedelta(days=1)
    history_start = history_end - datetime.timedelta(weeks=HISTORY_WEEKS) + datetime.timedelta(1)
    looked_back = history_end - datetime.timedelta(days=FACTOR_DAYS)
    history = _by_day(arrivals_by_half_hour(hall, looked_back, history_end))
    if not any(day >= history_start for day in history):
        raise NoHistory(first=first.isoformat())
    kinds = _kinds(looked_back, last)
    known = {day: kind for day, kind in kinds.items() if min(history) <= day <= history_end}
    recent = {day: kind for day, kind in known.items() if day >= history_start}
    model = _Model(history, recent, known)
    month_days = {day: kind for day, kind in kinds.items() if first <= day <= last}
    return Forecast(
        first=first,
        days={day: model.day(day, kind) for day, kind in month_days.items()},
        kinds=month_days,
        factors=model.factors,
        mape=_checked(history, known, history_end),
    )


def _checked(
    history: dict[datetime.date, Counts], kinds: dict[datetime.date, str], end: datetime.date
) -> float | None:
    """The mean absolute percentage error of each of the last weeks forecast from the
    HISTORY_WEEKS before it: per working day and category, where people came."""
    errors = []
    for week in range(CHECKED_WEEKS, 0, -1):
        start = end - datetime.timedelta(weeks=week) + datetime.timedelta(days=1)
        before = {
            day: kind
            for day, kind in kinds.items()
            if start - datetime.timedelta(weeks=HISTORY_WEEKS) <= day < start
        }
        if not any(day in history for day in before):
            continue
        model = _Model(history, before, {d: k for d, k in kinds.items() if d < start})
        for offset in range(7):
            day = start + datetime.timedelta(days=offset)
            actual: dict[int, float] = defaultdict(float)
            for (category, _slot), people in history.get(day, {}).items():
                actual[category] += people
            predicted: dict[int, float] = defaultdict(float)
            for (category, _slot), people in model.day(day, kinds.get(day, "")).items():
                predicted[category] += people
            errors += [
                abs(predicted[category] - people) / people
                for category, people in actual.items()
                if people
            ]
    return round(100 * sum(errors) / len(errors), 1) if errors else None
