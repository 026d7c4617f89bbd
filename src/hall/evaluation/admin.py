"""好差评 configuration: the hall's tags and limits; ratings to look up."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hall.core.access import halls_visible_to, scope_to_user
from hall.core.admin import HallScopedAdmin, ReadOnlyAdmin
from hall.evaluation.models import EvaluationSettings, Rating, RatingReport


@admin.register(EvaluationSettings)
class EvaluationSettingsAdmin(HallScopedAdmin):
    list_display = [
        "hall",
        "callback_working_days",
        "rectify_working_days",
        "complaint_working_days",
        "pad_seconds",
    ]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "level", "channel", "staff", "window", "hall"]
    list_filter = ["level", "channel"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return scope_to_user(super().get_queryset(request), request.user).select_related(
            "staff", "window", "hall"
        )


@admin.register(RatingReport)
class RatingReportAdmin(ReadOnlyAdmin):
    """What was forwarded to the province's platform, and what keeps failing."""

    list_display = ["rating", "status", "attempts", "last_error", "created_at", "sent_at"]
    list_filter = ["status"]

    def get_queryset(self, request: HttpRequest) -> Any:
        halls = halls_visible_to(request.user)
        return super().get_queryset(request).filter(rating__hall__in=halls).select_related("rating")
