"""The equipment register, kept by the office."""

from __future__ import annotations

from django.contrib import admin

from hall.core.admin import HallScopedAdmin
from hall.facilities.models import Equipment


@admin.register(Equipment)
class EquipmentAdmin(HallScopedAdmin):
    list_display = ["name", "kind", "hall", "zone", "window", "last_maintained_on"]
    list_filter = ["kind"]
