"""The hall's staff profiles (S1): posts, A/B posts, certificates with the expired flagged,
training this year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, departments_in_charge, request_user
from hall.core.errors import InvalidInput, NotFound
from hall.staff import selectors, services
from hall.staff.models import PostKind, StaffProfile


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


def _profile(request: HttpRequest, hall: str, user_id: int, permission: str) -> StaffProfile:
    """A profile of the hall that this user may see (a head: the department's people)."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=permission)
    departments = departments_in_charge(user, office_permission="staff.change_staffprofile")
    profile = selectors.profiles_of(the_hall, departments).filter(user_id=user_id).first()
    if profile is None:
        raise NotFound()
    return profile


@login_required
def staff_photo(request: HttpRequest, hall: str, user_id: int) -> FileResponse:
    profile = _profile(request, hall, user_id, "staff.view_staffprofile")
    if not profile.photo:
        raise NotFound()
    response = FileResponse(profile.photo.open("rb"))
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def staff_photo_upload(request: HttpRequest, hall: str, user_id: int) -> HttpResponse:
    """The office uploads the photo a window screen's 工作标牌 shows."""
    profile = _profile(request, hall, user_id, "staff.change_staffprofile")
    photo = request.FILES.get("photo")
    if photo is None:
        raise InvalidInput(_("Choose a photo to upload."))
    services.profile_set_photo(actor=request_user(request), profile=profile, photo=photo, via="web")
    messages.success(request, _("The photo is saved."))
    return redirect("staff-profiles", hall=hall)
