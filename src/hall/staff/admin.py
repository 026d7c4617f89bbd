"""Staff screens (S1): profiles with posts and chief-representative scope, certificates with
their expiry flagged, training, A/B pairs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.core.admin import HallScopedAdmin
from hall.staff.models import ABPair, Qualification, QualificationKind, StaffProfile, Training


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0
    fk_name = "staff"


@admin.register(StaffProfile)
class StaffProfileAdmin(HallScopedAdmin):
    hall_path = "user__hall"
    list_display = ["user", "department", "posts", "expired_certificates"]
    list_filter = ["department"]
    search_fields = ["user__full_name", "user__username", "user__staff_number"]
    filter_horizontal = ["chief_scope"]

    @admin.display(description=_("expired certificates"))
    def expired_certificates(self, profile: StaffProfile) -> str:
        today = timezone.localdate()
        expired = profile.user.qualifications.filter(valid_until__lt=today).select_related("kind")
        return "、".join(f"{q.kind.name} ({q.valid_until})" for q in expired) or "—"


@admin.register(Qualification)
class QualificationAdmin(HallScopedAdmin):
    hall_path = "staff__hall"
    list_display = ["staff", "kind", "number", "valid_until", "expired"]
    list_filter = ["kind"]

    @admin.display(boolean=True, description=_("expired"))
    def expired(self, qualification: Qualification) -> bool:
        return not qualification.valid_on(timezone.localdate())

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("staff", "kind")


@admin.register(QualificationKind)
class QualificationKindAdmin(HallScopedAdmin):
    list_display = ["name", "code", "hall"]
    filter_horizontal = ["windows"]


@admin.register(Training)
class TrainingAdmin(HallScopedAdmin):
    hall_path = "staff__hall"
    list_display = ["staff", "title", "held_on", "hours", "provider"]
    date_hierarchy = "held_on"


@admin.register(ABPair)
class ABPairAdmin(HallScopedAdmin):
    hall_path = "window__hall"
    list_display = ["window", "a_staff", "b_staff"]
