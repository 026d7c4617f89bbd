"""The hall's attendance rules in the configuration screens."""

from __future__ import annotations

from django.contrib import admin

from hall.attendance.models import AttendanceSettings
from hall.core.admin import HallScopedAdmin


@admin.register(AttendanceSettings)
class AttendanceSettingsAdmin(HallScopedAdmin):
    list_display = [
        "hall",
        "absence_threshold_minutes",
        "cover_after_minutes",
        "leave_days_first_level",
    ]
