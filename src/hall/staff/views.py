"""The hall's staff profiles (S1): posts, A/B posts, certificates with the expired flagged,
training this year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hall.core.access import access_hall, departments_in_charge, request_user
from hall.staff import selectors
from hall.staff.models import PostKind


@login_required
def staff_profiles(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="staff.view_staffprofile")
    today = timezone.localdate()
    # Department heads see their departments' people; the office sees everyone.
    departments = departments_in_charge(user, office_permission="staff.change_staffprofile")
    profiles = selectors.profiles_of(the_hall, departments)
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
