"""Staffing advice (D3): for each working half-day of a month and each department's group of
windows, the windows needed to call the hall's share of people within its answer time.

Erlang C answers for the half-day's busiest half-hour (windows are rostered by the half-day,
so they must carry its peak), with the service time measured over the history. A SimPy day
then checks the half-day as it will be: its arrivals half-hour by half-hour, priority and
appointment tickets called first, no-shows, an empty line at opening; it reports the service
level it reaches with a 95 % interval, and where the two disagree the advice says why."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.hours import PERIODS, Period, opening
from hall.core.models import Department, Hall, Window
from hall.core.selectors import hall_settings
from hall.planning import erlang
from hall.planning.forecast import HISTORY_WEEKS, Forecast, forecast
from hall.planning.models import PlanningSettings
from hall.planning.simulation import SLOT_MINUTES, Outcome, Scenario, simulate
from hall.queueing.selectors import Shares, categories_of, served_between, ticket_shares
from hall.rostering.selectors import windows_rostered_by

REPLICATIONS = 10
PEAKED = 1.3  # a half-hour this much above the half-day's mean is a peak worth naming


def planning_settings(hall: Hall) -> PlanningSettings:
    return hall_settings(PlanningSettings, hall.pk)


@dataclass(frozen=True)
class Group:
    """A department's windows and the ticket categories it serves there."""

    department: Department
    windows: list[Window]
    categories: list[int]
    service_minutes: float
    priority_share: float
    appointment_share: float
    no_show_share: float


@dataclass(frozen=True)
class HalfDay:
    department: Department
    windows: list[Window]  # the group's, by number
    day: datetime.date
    period: str
    available: int
    needed: int  # what the advice applies (at most the windows there are, at least one)
    expected: float  # people
    peak_per_hour: float
    peak_at: str  # HH:MM
    erlang_level: float  # Erlang C's service level for the peak at `needed` windows
    simulated: Outcome | None
    short: str  # "needs N windows, the hall has M", when it does
    why: str  # where the simulation and the theory disagree

    @property
    def period_label(self) -> str:
        return str(Period(self.period).label)


@dataclass(frozen=True)
class Advice:
    hall: Hall
    month: datetime.date
    target: float
    answer_within: int
    forecast: Forecast
    half_days: list[HalfDay]

    def as_json(self) -> dict[str, Any]:
        return {
            "hall": self.hall.code,
            "month": f"{self.month:%Y-%m}",
            "service_level": self.target,
            "answer_within_minutes": self.answer_within,
            "forecast": {
                "mape_percent": self.forecast.mape,
                "factors": self.forecast.factors,
                "days": {
                    day.isoformat(): {
                        "kind": self.forecast.kinds[day],
                        "arrivals": [
                            {"category": category, "slot": slot, "people": round(people, 2)}
                            for (category, slot), people in sorted(counts.items())
                        ],
                    }
                    for day, counts in sorted(self.forecast.days.items())
                },
            },
            "advice": [
                {
                    "department": h.department.code,
                    "day": h.day.isoformat(),
                    "period": h.period,
                    "available": h.available,
                    "windows": h.needed,
                    "expected_people": round(h.expected, 1),
                    "peak_per_hour": round(h.peak_per_hour, 1),
                    "erlang_service_level": round(h.erlang_level, 4),
                    "simulated_service_level": (
                        round(h.simulated.service_level, 4) if h.simulated else None
                    ),
                    "simulated_interval": (
                        [round(v, 4) for v in h.simulated.interval] if h.simulated else None
                    ),
                    "short": h.short,
                    "why": h.why,
                }
                for h in self.half_days
            ],
        }


def _slots(hall: Hall, day: datetime.date, period: str) -> list[int]:
    """The half-hours of the day (0–47) the half-day's opening hours touch."""
    starts, ends = opening(hall, day, period)
    first = starts.hour * 2 + starts.minute // 30
    last = (ends - datetime.timedelta(minutes=1)).hour * 2 + (
        ends - datetime.timedelta(minutes=1)
    ).minute // 30
    return list(range(first, last + 1))


def groups_of(hall: Hall, history: tuple[datetime.date, datetime.date]) -> list[Group]:
    service = {
        pk: max(0.5, s.mean_minutes) for pk, s in served_between(hall, *history, "category").items()
    }
    shares = ticket_shares(hall, *history)
    by_department: dict[int, list[Any]] = defaultdict(list)
    for category in categories_of(hall):
        if category.department_id is not None:
            by_department[category.department_id].append(category)
    groups = []
    for department in Department.objects.filter(hall=hall).order_by("code"):
        categories = by_department.get(department.pk, [])
        windows = windows_rostered_by(hall, department)
        if not categories or not windows:
            continue
        seen = [shares[c.pk] for c in categories if c.pk in shares]
        tickets = sum(s.tickets for s in seen) or 1

        def weighted(part: str, seen: list[Shares] = seen, tickets: int = tickets) -> float:
            return sum(getattr(s, part) * s.tickets for s in seen) / tickets

        minutes = [
            (service.get(c.pk, float(c.default_service_minutes)), shares[c.pk].tickets)
            for c in categories
            if c.pk in shares
        ] or [(float(c.default_service_minutes), 1) for c in categories]
        groups.append(
            Group(
                department=department,
                windows=windows,
                categories=[c.pk for c in categories],
                service_minutes=sum(m * n for m, n in minutes) / sum(n for _m, n in minutes),
                priority_share=weighted("priority"),
                appointment_share=weighted("appointment"),
                no_show_share=weighted("no_show"),
            )
        )
    return groups


def advise(hall: Hall, month: datetime.date, *, today: datetime.date | None = None) -> Advice:
    today = today or timezone.localdate()
    settings = planning_settings(hall)
    target, within = float(settings.service_level), settings.answer_within_minutes
    made = forecast(hall, month, today=today)
    history_end = min(today, made.first) - datetime.timedelta(days=1)
    history = (history_end - datetime.timedelta(weeks=HISTORY_WEEKS), history_end)
    simulated: dict[str, Outcome] = {}
    half_days = []
    for group in groups_of(hall, history):
        for day, kind in sorted(made.kinds.items()):
            if not kind:
                continue
            for period in PERIODS:
                half_days.append(
                    _half_day(hall, group, made, day, period, target, within, simulated)
                )
    return Advice(hall, made.first, target, within, made, half_days)


def _half_day(
    hall: Hall,
    group: Group,
    made: Forecast,
    day: datetime.date,
    period: str,
    target: float,
    within: int,
    simulated: dict[str, Outcome],
) -> HalfDay:
    counts = made.days.get(day, {})
    slots = _slots(hall, day, period)
    per_hour = [
        2 * sum(counts.get((category, slot), 0.0) for category in group.categories)
        for slot in slots
    ]
    available = len(group.windows)
    peak = max(per_hour, default=0.0)
    peak_slot = slots[per_hour.index(peak)] if slots else 0
    short = ""
    try:
        answer = erlang.windows_needed(
            peak, group.service_minutes, target=target, answer_within=within, available=available
        )
        needed = max(1, answer.windows)
    except erlang.NeedsMoreWindows as error:
        short, needed = error.message, available
    theory = erlang.erlang_c(peak, group.service_minutes, needed, answer_within=within)
    scenario = Scenario(
        windows=needed,
        service_minutes=round(group.service_minutes, 2),
        walk_ins_per_hour=[round(r * (1 - group.appointment_share), 2) for r in per_hour],
        priority_share=round(group.priority_share, 3),
        appointments=_booked(per_hour, group.appointment_share),
        no_show_share=round(group.no_show_share, 3),
        answer_within=within,
    )
    key = repr(scenario)  # the same half-day is simulated once, with the same seed
    if key not in simulated and any(per_hour):
        simulated[key] = simulate(scenario, replications=REPLICATIONS, seed=_seed(key))
    outcome = simulated.get(key)
    mean = sum(per_hour) / len(per_hour) if per_hour else 0.0
    return HalfDay(
        department=group.department,
        windows=group.windows,
        day=day,
        period=period,
        available=available,
        needed=needed,
        expected=sum(per_hour) / 2,
        peak_per_hour=peak,
        peak_at=f"{peak_slot // 2:02}:{30 * (peak_slot % 2):02}",
        erlang_level=theory.service_level,
        simulated=outcome,
        short=short,
        why=_why(outcome, target, group, peak, mean, peak_slot),
    )


def _booked(per_hour: list[float], share: float) -> list[float]:
    """Appointments at even times within each half-hour: its expected bookings."""
    times = []
    for slot, rate in enumerate(per_hour):
        booked = round(rate * share / 2)
        times += [slot * SLOT_MINUTES + (n + 0.5) * SLOT_MINUTES / booked for n in range(booked)]
    return times


def _seed(key: str) -> int:
    """The same half-day gives the same simulated figures on every reading."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")


def _why(
    outcome: Outcome | None, target: float, group: Group, peak: float, mean: float, slot: int
) -> str:
    if outcome is None:
        return ""
    low, high = outcome.interval
    if high < target:
        reasons = []
        if mean and peak > PEAKED * mean:
            reasons.append(
                _("arrivals peak at %(at)s") % {"at": f"{slot // 2:02}:{30 * (slot % 2):02}"}
            )
        if group.priority_share + group.appointment_share > 0.05:
            reasons.append(_("priority and appointment tickets are called first"))
        reasons.append(_("a line that builds up is not the steady state Erlang C assumes"))
        return _("Below the target in the simulation: %(reasons)s.") % {
            "reasons": "；".join(reasons)
        }
    if low > target and outcome.service_level - target > 0.1:
        return _(
            "Above the target in the simulation: the line starts empty at opening and the "
            "busiest half-hour does not last the whole half-day."
        )
    return ""


def advice_closures(advice: Advice) -> dict[int, list[tuple[Window, datetime.date, str]]]:
    """Per department, the half-days its windows beyond the advised number close: the
    highest numbers first, so that people find the same windows open."""
    closures: dict[int, list[tuple[Window, datetime.date, str]]] = defaultdict(list)
    for half_day in advice.half_days:
        for window in half_day.windows[half_day.needed :]:
            closures[half_day.department.pk].append((window, half_day.day, half_day.period))
    return closures
