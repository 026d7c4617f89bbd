"""Reads of the catalog that the guide pages, the intake screen and the API share."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from hall.catalog.errors import ServiceItemNotFound
from hall.catalog.models import Material, ServiceItem, ServiceItemVersion
from hall.core.models import Department, Hall, Window


def current_versions(hall: Hall) -> QuerySet[ServiceItemVersion]:
    """What the hall offers now, with materials and windows loaded."""
    return (
        ServiceItemVersion.objects.filter(
            item__hall=hall, item__is_active=True, item__current=F("pk")
        )
        .select_related("item", "department")
        .prefetch_related(
            Prefetch("materials", queryset=Material.objects.order_by("position", "id")),
            "windows",
        )
        .order_by("department__code", "item__code")
    )


def current_version(hall: Hall, code: str) -> ServiceItemVersion:
    version = current_versions(hall).filter(item__code=code).first()
    if version is None:
        raise ServiceItemNotFound()
    return version


def items_of_department(hall: Hall, department: Department) -> QuerySet[ServiceItem]:
    """The service items a department handles now (a chief representative's scope, say)."""
    return ServiceItem.objects.filter(hall=hall, current__department=department)


def materials_of(version: ServiceItemVersion | None) -> QuerySet[Material]:
    """A version's materials list in its order (none without a version)."""
    if version is None:
        return Material.objects.none()
    return version.materials.order_by("position", "id")


def items_at_window(window: Window) -> list[str]:
    """The names of the service items handled at a window now (its screen lists them)."""
    return list(current_versions(window.hall).filter(windows=window).values_list("name", flat=True))


def item_names(hall: Hall) -> dict[int, str]:
    """Every service item of the hall (retired ones too) by id, under its current name."""
    return dict(
        ServiceItem.objects.filter(hall=hall)
        .select_related("current")
        .values_list("pk", "current__name")
    )
