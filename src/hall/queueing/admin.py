"""Queue configuration: categories, priorities, work profiles, rules; tickets to look up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hall.core.access import scope_to_user
from hall.core.admin import HallScopedAdmin, ReadOnlyAdmin
from hall.queueing.models import (
    PriorityClass,
    QueueSettings,
    Ticket,
    TicketCategory,
    TicketEvent,
    WorkProfileEntry,
)


@admin.register(QueueSettings)
class QueueSettingsAdmin(HallScopedAdmin):
    list_display = [
        "hall",
        "recalls_before_no_show",
        "no_show_rule",
        "end_of_day_rule",
        "refuse_on_closed_days",
    ]
    # Emergency operation has one path, the office's page (services.emergency_start/_end).
    readonly_fields = QueueSettings.EMERGENCY_FIELDS


@admin.register(TicketCategory)
class TicketCategoryAdmin(HallScopedAdmin):
    list_display = [
        "prefix",
        "name",
        "code",
        "department",
        "zone",
        "default_service_minutes",
        "is_active",
        "hall",
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


@admin.register(PriorityClass)
class PriorityClassAdmin(HallScopedAdmin):
    list_display = ["name", "code", "head_start_minutes", "offered_at_kiosk", "hall"]


@admin.register(WorkProfileEntry)
class WorkProfileEntryAdmin(HallScopedAdmin):
    hall_path = "window__hall"
    list_display = ["window", "category", "preference"]
    list_filter = ["category"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("window", "category"):
            kwargs["queryset"] = scope_to_user(db_field.related_model.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "window", "actor", "detail")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    """Tickets change only through the queue's services; here they are looked up."""

    list_display = [
        "number",
        "service_day",
        "category",
        "priority",
        "status",
        "window",
        "arrived_at",
        "called_at",
    ]
    list_filter = ["status", "channel", "service_day"]
    search_fields = ["number"]
    date_hierarchy = "arrived_at"
    inlines = [TicketEventInline]
    exclude = ["follow_token", "mobile", "mobile_digest"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user).select_related(
            "category", "priority", "window"
        )
