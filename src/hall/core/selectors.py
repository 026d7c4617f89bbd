"""Reads of the core app that several pages and endpoints share."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from hall.core.choices import WindowState
from hall.core.models import Hall, Window


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
