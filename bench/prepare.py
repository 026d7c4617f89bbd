"""Run inside a benchmark backend's environment: open windows 1-10 for every category."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django

django.setup()

from hall.core.choices import WindowState  # noqa: E402
from hall.core.models import Window  # noqa: E402
from hall.queueing.models import TicketCategory, WorkProfileEntry  # noqa: E402

categories = TicketCategory.objects.filter(hall__code="demo")
for window in Window.objects.filter(hall__code="demo", number__lte=10):
    for category in categories:
        WorkProfileEntry.objects.get_or_create(
            window=window, category=category, defaults={"preference": 1}
        )
    Window.objects.filter(pk=window.pk).update(state=WindowState.OPEN, state_reason="")
