"""好差评 configuration: the hall's tags and limits; ratings to look up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hall.core.access import scope_to_user
from hall.core.admin import HallScopedAdmin, ReadOnlyAdmin
from hall.evaluation.models import EvaluationSettings, Rating


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(HallScopedAdmin):
    list_display = ["hall", "callback_working_days", "rectify_working_days"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "level", "channel", "staff", "window", "hall"]
    list_filter = ["level", "channel"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user).select_related(
            "staff", "window", "hall"
        )
