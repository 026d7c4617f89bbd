"""Reads of the core app that several pages and endpoints share."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Count, Model, QuerySet

from hall.core.choices import WindowState
from hall.core.models import Hall, Window

SettingsModel = TypeVar("SettingsModel", bound=Model)


def hall_settings(model: type[SettingsModel], hall: Hall) -> SettingsModel:
    """A hall's row of a settings model (queue, cases, attendance, rosters), or the model's
    defaults while the office has saved none: reading the rules never writes them."""
    found = model._default_manager.filter(hall_id=hall.pk).first()
    return found if found is not None else model(hall_id=hall.pk)


def windows_of_hall(hall: Hall) -> QuerySet[Window]:
    """Windows with their zone and departments, ready to render without further queries."""
    return (
        Window.objects.filter(hall=hall)
        .select_related("zone", "hall")
        .prefetch_related("departments")
        .order_by("number")
    )


def window_state_counts(hall: Hall) -> dict[str, int]:
    counts = dict(
        Window.objects.filter(hall=hall)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {state.value: counts.get(state.value, 0) for state in WindowState}
