"""潮汐 rules in the configuration screens; the alerts themselves are read on the dashboard."""

from __future__ import annotations

from django.contrib import admin

from hall.core.admin import HallScopedAdmin
from hall.reports.models import AlertRule


@admin.register(AlertRule)
class AlertRuleAdmin(HallScopedAdmin):
    list_display = ["hall", "kind", "category", "threshold", "is_active"]
    list_filter = ["kind", "is_active"]
