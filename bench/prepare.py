"""Run inside a benchmark backend's environment: open windows 1-8 for household tickets."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django

django.setup()

from hall.core.choices import WindowState  # noqa: E402
from hall.core.models import Window  # noqa: E402
from hall.queueing.models import TicketCategory, WorkProfileEntry  # noqa: E402

household = TicketCategory.objects.get(hall__code="demo", code="household")
for window in Window.objects.filter(hall__code="demo", number__lte=8):
    WorkProfileEntry.objects.get_or_create(
        window=window, category=household, defaults={"preference": 1}
    )
    Window.objects.filter(pk=window.pk).update(state=WindowState.OPEN, state_reason="")
