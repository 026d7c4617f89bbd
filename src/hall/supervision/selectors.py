"""Reads of supervision that the pages, the dashboard and the scores (V5) share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from hall.attendance.selectors import monthly_sheet
from hall.core import calendar
from hall.core.models import Department, Hall, User
from hall.core.selectors import hall_settings
from hall.supervision.choices import DEFAULT_RULE_POINTS, FindingStatus, InspectionKind
from hall.supervision.models import Finding, Inspection, ScoreRuleSetting, SupervisionSettings


def supervision_settings(hall: Hall) -> SupervisionSettings:
    return hall_settings(SupervisionSettings, hall.pk)


def points_of(hall: Hall) -> list[str]:
    return [str(p) for p in supervision_settings(hall).points]


def inspections(hall: Hall) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(hall=hall)
        .select_related("inspector", "zone", "department")
        .prefetch_related("windows")
        .annotate(found=Count("findings"))
    )


def findings_for(hall: Hall, departments: QuerySet[Department]) -> QuerySet[Finding]:
    """The findings of the departments in the reader's charge (a window or person of no
    department is the office's), those not yet checked first, the most urgent first."""
    in_charge = Q(department__in=departments)
    if departments.count() == Department.objects.filter(hall=hall).count():
        in_charge |= Q(department__isnull=True)
    return (
        Finding.objects.filter(in_charge, hall=hall)
        .select_related("staff", "window", "department", "rectified_by", "checked_by", "inspection")
        .prefetch_related("photos")
        .order_by("status", "rectify_due", "pk")
    )


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def weeks_without_inspection(
    hall: Hall, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The Mondays of the weeks from `first` to `last` with working days and no spot
    inspection of the hall (每周不少于一次抽查; a self-inspection does not count), in two
    queries."""
    start, _ = week_of(first)
    _, end = week_of(last)
    inspected = {
        week_of(day)[0]
        for day in Inspection.objects.filter(
            hall=hall,
            kind=InspectionKind.INSPECTION,
            started_at__date__gte=start,
            started_at__date__lte=end,
        ).values_list("started_at__date", flat=True)
    }
    days = calendar.load(start, end)
    weeks = []
    monday = start
    while monday <= end:
        working = any(days.is_workday(monday + datetime.timedelta(days=n)) for n in range(7))
        if working and monday not in inspected:
            weeks.append(monday)
        monday += datetime.timedelta(days=7)
    return weeks


def last_working_day_of_week(day: datetime.date) -> datetime.date | None:
    monday, sunday = week_of(day)
    days = calendar.load(monday, sunday)
    working = [
        monday + datetime.timedelta(days=n)
        for n in range(7)
        if days.is_workday(monday + datetime.timedelta(days=n))
    ]
    return working[-1] if working else None


def open_findings(hall: Hall) -> QuerySet[Finding]:
    return Finding.objects.filter(hall=hall).exclude(status=FindingStatus.CHECKED)


# --- monthly scores (V5) --------------------------------------------------------------------------


RULES = list(DEFAULT_RULE_POINTS)  # the rules with points of their own (not adjustments)


def score_rules(hall: Hall) -> dict[str, Decimal]:
    """Every rule's points in the hall: the common value unless the office changed it."""
    rules = {rule: Decimal(points) for rule, points in DEFAULT_RULE_POINTS.items()}
    rules.update(ScoreRuleSetting.objects.filter(hall=hall).values_list("rule", "points"))
    return rules


# --- where an inspector looks first -------------------------------------------------------------


@dataclass(frozen=True)
class LookFirst:
    staff: User
    off_post_minutes: int  # 离岗: the window paused by them
    absence_days: Decimal
    late_or_early: int


def look_first(hall: Hall, today: datetime.date, *, most: int = 10) -> list[LookFirst]:
    """The month so far from the attendance sheets: who left their window paused longest,
    then who was absent or late most; those with nothing against them are left out."""
    month = today.replace(day=1)
    rows = [
        LookFirst(row.staff, row.off_post_minutes, row.absence_days, row.late + row.early)
        for department in Department.objects.filter(hall=hall)
        for row in monthly_sheet(department, month)
        if row.off_post_minutes or row.absence_days or row.late or row.early
    ]
    rows.sort(key=lambda r: (-r.off_post_minutes, -r.absence_days, -r.late_or_early))
    return rows[:most]
