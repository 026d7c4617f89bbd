"""Reads of supervision that the pages, the dashboard and the scores (V5) share."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from hall.core import calendar
from hall.core.models import Department, Hall
from hall.core.selectors import hall_settings
from hall.supervision.choices import FindingStatus, InspectionKind
from hall.supervision.models import Finding, Inspection, SupervisionSettings


def supervision_settings(hall: Hall) -> SupervisionSettings:
    return hall_settings(SupervisionSettings, hall)


def points_of(hall: Hall) -> list[str]:
    return [str(p) for p in supervision_settings(hall).points]


def inspections(hall: Hall) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(hall=hall)
        .select_related("inspector", "zone", "department")
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
