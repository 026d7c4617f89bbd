"""The equipment register and the fire-safety items, kept by the office."""

from __future__ import annotations

from django.contrib import admin

from hall.core.admin import HallScopedAdmin
from hall.facilities.models import Equipment, FacilitiesSettings, SafetyItem


@admin.register(Equipment)
class EquipmentAdmin(HallScopedAdmin):
    list_display = ["name", "kind", "hall", "zone", "window", "screen_key", "last_seen_at"]
    list_filter = ["kind"]


@admin.register(SafetyItem)
class SafetyItemAdmin(HallScopedAdmin):
    list_display = ["name", "kind", "hall", "location", "check_every_days", "last_checked_on"]
    list_filter = ["kind"]
    readonly_fields = ["last_checked_on"]  # set by a check (services.safety_check)


@admin.register(FacilitiesSettings)
class FacilitiesSettingsAdmin(HallScopedAdmin):
    list_display = ["hall", "screen_silence_minutes"]
