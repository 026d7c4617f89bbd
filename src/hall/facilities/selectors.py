"""What the equipment pages and the dashboard read (F1)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from hall.core.models import Hall, Window
from hall.facilities.models import Equipment, FaultReport


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
