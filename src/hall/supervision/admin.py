"""Supervision configuration: the hall's checklist and the time to rectify a finding."""

from __future__ import annotations

from django.contrib import admin

from hall.core.admin import HallScopedAdmin
from hall.supervision.models import SupervisionSettings


@admin.register(SupervisionSettings)
class SupervisionSettingsAdmin(HallScopedAdmin):
    list_display = ["hall", "rectify_working_days"]
