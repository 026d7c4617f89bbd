"""Roster rules in the configuration screens; rosters themselves change on their own pages."""

from __future__ import annotations

from django.contrib import admin

from hall.core.admin import HallScopedAdmin
from hall.rostering.models import RosterSettings, WindowRequirement


@admin.register(RosterSettings)
class RosterSettingsAdmin(HallScopedAdmin):
    list_display = ["hall", "max_consecutive_days"]


@admin.register(WindowRequirement)
class WindowRequirementAdmin(HallScopedAdmin):
    hall_path = "window__hall"
    list_display = ["window", "department", "must_open"]
