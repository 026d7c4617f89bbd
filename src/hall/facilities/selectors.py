"""What the equipment pages and the dashboard read (F1)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from hall.core.models import Hall, Window
from hall.facilities.models import (
    Drill,
    EmergencyPlan,
    Equipment,
    FaultReport,
    Incident,
    SafetyItem,
)


def equipment_of(hall: Hall) -> QuerySet[Equipment]:
    return Equipment.objects.filter(hall=hall).select_related("zone", "window")


def equipment_at(window: Window) -> list[Equipment]:
    return list(Equipment.objects.filter(window=window).order_by("kind", "name"))


def open_faults(hall: Hall) -> QuerySet[FaultReport]:
    return FaultReport.objects.filter(hall=hall, closed_at__isnull=True).select_related(
        "equipment", "equipment__window", "reported_by", "assigned_to"
    )


def maintenance_due(hall: Hall, today: datetime.date) -> list[Equipment]:
    scheduled = equipment_of(hall).filter(maintenance_every_days__isnull=False)
    return [item for item in scheduled if item.maintenance_due(today)]


def items_of(hall: Hall) -> QuerySet[SafetyItem]:
    return SafetyItem.objects.filter(hall=hall)


def checks_due(hall: Hall, today: datetime.date) -> list[SafetyItem]:
    return [item for item in items_of(hall) if item.check_due(today)]


def drills_of(hall: Hall) -> QuerySet[Drill]:
    return Drill.objects.filter(hall=hall).prefetch_related("participants")


def drills_overdue(hall: Hall, today: datetime.date) -> int:
    """Drills planned for a day now past and not recorded as held."""
    return Drill.objects.filter(hall=hall, held_on__isnull=True, planned_on__lt=today).count()


def latest_plans(hall: Hall) -> list[EmergencyPlan]:
    """Each plan's latest version."""
    plans = EmergencyPlan.objects.filter(hall=hall).select_related("uploaded_by")
    latest: dict[str, EmergencyPlan] = {}
    for plan in plans.order_by("title", "-version"):
        latest.setdefault(plan.title, plan)
    return list(latest.values())


def plan_of(hall: Hall, plan_id: int) -> EmergencyPlan | None:
    return EmergencyPlan.objects.filter(hall=hall, pk=plan_id).first()


def incidents_of(hall: Hall) -> QuerySet[Incident]:
    return Incident.objects.filter(hall=hall).prefetch_related("responsible")[:50]


def silent_screens(hall: Hall) -> list[Equipment]:
    return list(equipment_of(hall).filter(lost_since__isnull=False).order_by("name"))
