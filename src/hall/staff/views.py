"""The hall's staff profiles (S1): posts, A/B posts, certificates with the expired flagged,
training this year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hall.core.access import access_hall, request_user
from hall.staff.models import PostKind, Qualification, StaffProfile


@login_required
def staff_profiles(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = access_hall(request_user(request), hall, permission="staff.view_staffprofile")
    today = timezone.localdate()
    profiles = (
        StaffProfile.objects.filter(user__hall=the_hall, user__is_active=True)
        .select_related("user", "department")
        .prefetch_related(
            Prefetch("user__qualifications", queryset=Qualification.objects.select_related("kind")),
            "user__a_posts__window",
            "user__b_posts__window",
        )
        .annotate(training_hours=Sum("user__trainings__hours"))
        .order_by("department__code", "user__staff_number")
    )
    labels = dict(PostKind.choices)
    rows = [
        {
            "profile": p,
            "posts": [str(labels.get(code, code)) for code in p.posts or []],
            "expired": [q for q in p.user.qualifications.all() if q.valid_until < today],
            "valid": [q for q in p.user.qualifications.all() if q.valid_until >= today],
        }
        for p in profiles
    ]
    return render(request, "staff/profiles.html", {"hall": the_hall, "rows": rows, "today": today})
