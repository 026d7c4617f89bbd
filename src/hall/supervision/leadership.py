"""The leadership's view of a month or quarter (V5): windows, staff and departments ranked by
their score, with volume and satisfaction beside it; inspections done and findings open;
the awards. The page and its Excel export read this one computation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from hall.core.inputs import add_months
from hall.core.models import Hall
from hall.core.periods import MONTHS, PeriodKind, period_span
from hall.evaluation.selectors import satisfaction_rates
from hall.queueing.selectors import served_between
from hall.supervision import awards, scoring, selectors
from hall.supervision.choices import InspectionKind
from hall.supervision.models import Award, Finding, Inspection


@dataclass(frozen=True)
class Ranked:
    place: int
    name: str
    department: str
    score: Decimal
    served: int
    satisfaction: float | None


@dataclass(frozen=True)
class Overview:
    first: datetime.date
    last: datetime.date
    windows: list[Ranked]
    staff: list[Ranked]
    departments: list[Ranked]
    inspections: dict[str, int]
    findings_found: int
    findings_open: int
    awards: list[Award]


def _ranked(rows: list[tuple[str, str, Decimal, int, float | None]]) -> list[Ranked]:
    rows.sort(key=lambda r: (-r[2], -(r[4] if r[4] is not None else -1), r[0]))
    return [Ranked(place, *row) for place, row in enumerate(rows, start=1)]


def overview(hall: Hall, period: str, day: datetime.date) -> Overview:
    first, last = period_span(period, day)
    months = scoring.period_scores(hall, first, MONTHS[PeriodKind(period)])
    means = scoring.rolled_up(months)
    subjects = months[-1] if months else scoring.MonthScores(first, [], [])
    sections: dict[str, list[Ranked]] = {}
    by_department: dict[str, list[Decimal]] = defaultdict(list)
    for kind, by, field in (
        (scoring.STAFF, "served_by", "staff"),
        (scoring.WINDOW, "window", "window"),
    ):
        served = served_between(hall, first, last, by)
        rates = satisfaction_rates(hall, first, last, field)
        rows = []
        for row in subjects.of_kind(kind):
            score = means.get((kind, row.id), row.score)
            count = served[row.id].count if row.id in served else 0
            rows.append((row.name, row.department, score, count, rates.get(row.id)))
            if kind == scoring.STAFF and row.department:
                by_department[row.department].append(score)
        sections[kind] = _ranked(rows)
    departments = _ranked(
        [
            (name, "", (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1")), 0, None)
            for name, scores in by_department.items()
        ]
    )
    inspections = dict(
        Inspection.objects.filter(
            hall=hall, started_at__date__gte=first, started_at__date__lte=last
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return Overview(
        first=first,
        last=last,
        windows=sections[scoring.WINDOW],
        staff=sections[scoring.STAFF],
        departments=departments,
        inspections={kind: inspections.get(kind, 0) for kind in InspectionKind},
        findings_found=Finding.objects.filter(
            hall=hall, created_at__date__gte=first, created_at__date__lte=last
        ).count(),
        findings_open=selectors.open_findings(hall).count(),
        awards=[
            a
            for a in awards.awards_since(hall, first)
            if a.round.ends_on <= max(last, timezone.localdate())
        ],
    )


def default_month(today: datetime.date) -> datetime.date:
    """The month a leader most likely wants: the last one in its first days, else this one."""
    return add_months(today.replace(day=1), -1) if today.day <= 5 else today.replace(day=1)
