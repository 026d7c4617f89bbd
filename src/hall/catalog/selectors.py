"""Reads of the catalog that the guide pages, the intake screen and the API share."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from hall.catalog.errors import ServiceItemNotFound
from hall.catalog.models import Material, ServiceItemVersion
from hall.core.models import Hall


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
