"""Case screens in the configuration area: the hall's case rules; cases themselves read-only
(they change only through their steps, on the case file or the API)."""

from __future__ import annotations

from django.contrib import admin

from hall.cases.models import Case, CaseSettings
from hall.core.admin import HallScopedAdmin, ReadOnlyAdmin


@admin.register(CaseSettings)
class CaseSettingsAdmin(HallScopedAdmin):
    list_display = ["hall", "warn_days_before", "retention_years"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin, HallScopedAdmin):
    list_display = ["number", "service", "department", "status", "due_date", "warning"]
    list_filter = ["status", "warning", "department"]
    search_fields = ["number"]
    exclude = [
        "applicant_id_number",
        "applicant_id_digest",
        "applicant_credit_code",
        "applicant_credit_digest",
        "applicant_phone",
        "applicant_phone_digest",
        "applicant_name",
    ]
