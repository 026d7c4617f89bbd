"""Reads of staff that other apps share (S1): who works where, on which posts, with which
certificates, and the A/B posts of each window. Apps above (rostering, cases, attendance) ask
here rather than read staff's tables."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, Sum

from hall.core.models import Department, Hall, User, Window
from hall.core.roles import Role
from hall.staff.models import ABPair, PostKind, Qualification, StaffProfile


def people_of(department: Department) -> QuerySet[User]:
    """The active people whose profile puts them in the department (its roster, its sheet)."""
    return (
        User.objects.filter(is_active=True, profile__department=department)
        .select_related("profile")
        .order_by("staff_number", "username")
    )


def window_staff_of(hall: Hall, department: Department) -> list[User]:
    """The department's people who work at front windows (so on its roster)."""
    return [
        user
        for user in people_of(department).filter(hall=hall)
        if PostKind.WINDOW.value in (user.profile.posts or [])
    ]


@dataclass(frozen=True)
class Pair:
    window_number: int
    a_staff_id: int
    b_staff_id: int


def ab_pairs(windows: Iterable[Window]) -> dict[int, Pair]:
    """The A and B posts of each window, by window number."""
    return {
        pair.window.number: Pair(pair.window.number, pair.a_staff_id, pair.b_staff_id)
        for pair in ABPair.objects.filter(window__in=list(windows)).select_related("window")
    }


def ab_pair(window: Window) -> ABPair | None:
    return ABPair.objects.filter(window=window).select_related("a_staff", "b_staff").first()


def post_at(window: Window | None, staff_id: int) -> str:
    """ "A" or "B" for the window's posts, "" for the backup post (no window)."""
    if window is None:
        return ""
    pair = ABPair.objects.filter(window=window).first()
    return "B" if pair is not None and pair.b_staff_id == staff_id else "A"


def certificates_valid_until(staff_ids: Iterable[int]) -> dict[int, dict[int, datetime.date]]:
    """Per person, per kind of certificate, the latest date one they hold is valid until."""
    held: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for qualification in Qualification.objects.filter(staff_id__in=list(staff_ids)):
        best = held[qualification.staff_id].get(qualification.kind_id)
        if best is None or qualification.valid_until > best:
            held[qualification.staff_id][qualification.kind_id] = qualification.valid_until
    return held


def chief_representatives(department: Department, service_item_id: int) -> list[User]:
    """The chief representatives (首席代表) of the department who may approve the item on site;
    the case page names them, the dashboard warns of a department that has none."""
    chiefs = User.objects.filter(
        groups__name=Role.CHIEF_REPRESENTATIVE, departments=department, is_active=True
    ).distinct()
    return [chief for chief in chiefs if within_chief_scope(chief, service_item_id)]


def within_chief_scope(user: User | None, service_item_id: int) -> bool:
    """S1: a chief representative approves on site only the service items delegated to them;
    an empty scope means every delegated item of their department."""
    profile = StaffProfile.objects.filter(user=user).first() if user is not None else None
    if profile is None or not profile.chief_scope.exists():
        return True
    return profile.chief_scope.filter(pk=service_item_id).exists()


def profiles_of(hall: Hall, departments: QuerySet[Department]) -> QuerySet[StaffProfile]:
    """The profiles page (S1): posts, certificates, A/B posts and this year's training."""
    return (
        StaffProfile.objects.filter(
            user__hall=hall, user__is_active=True, department__in=departments
        )
        .select_related("user", "department")
        .prefetch_related(
            Prefetch("user__qualifications", queryset=Qualification.objects.select_related("kind")),
            "user__a_posts__window",
            "user__b_posts__window",
        )
        .annotate(training_hours=Sum("user__trainings__hours"))
        .order_by("department__code", "user__staff_number")
    )


@dataclass(frozen=True)
class Badge:
    """The 工作标牌 a window screen shows of the person on duty (O2)."""

    user_id: int
    name: str
    staff_number: str
    has_photo: bool


def badge_of(user: User) -> Badge:
    profile = StaffProfile.objects.filter(user=user).only("photo").first()
    return Badge(user.pk, user.get_full_name(), user.staff_number, bool(profile and profile.photo))


def photo_of(user_id: int) -> StaffProfile | None:
    """The profile whose photo a badge shows (None when there is none)."""
    profile = StaffProfile.objects.filter(user_id=user_id, user__is_active=True).first()
    return profile if profile is not None and profile.photo else None
