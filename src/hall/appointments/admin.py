"""Appointment configuration (A1–A3): the hall's booking rules and its slot pools; bookings
and suspensions to look up (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hall.appointments.models import (
    Appointment,
    AppointmentSettings,
    BookingSuspension,
    PoolItem,
    SlotPool,
)
from hall.core.access import scope_to_user
from hall.core.admin import HallScopedAdmin, ReadOnlyAdmin


@admin.register(AppointmentSettings)
class AppointmentSettingsAdmin(HallScopedAdmin):
    list_display = [
        "hall",
        "horizon_working_days",
        "priority",
        "check_in_before_minutes",
        "check_in_after_minutes",
        "late_rule",
        "no_shows_to_suspend",
    ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "priority":
            kwargs["queryset"] = scope_to_user(db_field.related_model.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PoolItemInline(admin.TabularInline):
    model = PoolItem
    extra = 1

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "service_item":
            kwargs["queryset"] = scope_to_user(
                db_field.related_model.objects.filter(current__bookable=True), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SlotPool)
class SlotPoolAdmin(HallScopedAdmin):
    list_display = ["name", "category", "capacity", "slot_minutes", "is_active", "hall"]
    list_filter = ["is_active"]
    inlines = [PoolItemInline]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "category":
            kwargs["queryset"] = scope_to_user(db_field.related_model.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "date", "start", "service_item", "status", "booked_by", "hall"]
    list_filter = ["status", "booked_by", "date"]
    search_fields = ["code"]
    exclude = ["applicant_id_number", "applicant_id_digest", "mobile"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user).select_related(
            "service_item", "hall"
        )


@admin.register(BookingSuspension)
class BookingSuspensionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "no_shows", "starts_on", "until", "lifted_at", "hall"]
    exclude = ["applicant_id_digest"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user)
