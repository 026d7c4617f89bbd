"""Reception's configuration: the hall's limit for an open question."""

from __future__ import annotations

from django.contrib import admin

from hall.core.admin import HallScopedAdmin
from hall.reception.models import ReceptionSettings


@admin.register(ReceptionSettings)
class ReceptionSettingsAdmin(HallScopedAdmin):
    list_display = ["hall", "open_question_hours"]
