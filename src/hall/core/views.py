"""Pages of the core app: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from prometheus_client import CONTENT_TYPE_LATEST

from hall.core import calendar, devices, selectors
from hall.core.access import (
    access_hall,
    access_user,
    access_window,
    halls_visible_to,
    request_user,
)
from hall.core.attention import warnings_for
from hall.core.choices import WindowState
from hall.core.dashboard import panels_for
from hall.core.errors import NotFound, PermissionDenied
from hall.core.forms import DueDateForm, HallNoticeForm, WindowStateForm
from hall.core.health import readiness
from hall.core.htmx import HtmxHttpRequest
from hall.core.inputs import FIRST_YEAR, LAST_YEAR, DateOutOfRange
from hall.core.metrics import exposition, may_scrape
from hall.core.models import Device, DeviceKind, Hall
from hall.core.services import hall_notice_set, personal_data_reveal, window_set_state


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard" if request.user.is_authenticated else "login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The office's start page: the hall's windows by zone and state, and what needs attention."""
    user = request_user(request)
    halls = halls_visible_to(user)
    hall: Hall | None = None
    if code := request.GET.get("hall"):
        hall = access_hall(user, code)
    else:
        hall = user.hall or halls.first()
    context: dict[str, Any] = {"halls": halls, "hall": hall}
    if hall is not None:
        windows = sorted(selectors.windows_of_hall(hall), key=lambda w: (w.zone.position, w.number))
        zones: dict[str, list] = {}
        for window in windows:
            zones.setdefault(window.zone.name, []).append(window)
        context |= {
            "zones": zones,
            "state_counts": selectors.window_state_counts(hall),
            "window_states": WindowState,
            "departments": hall.departments.all(),
            "notice_form": HallNoticeForm(initial={"text": hall.board_notice}),
            "can_set_notice": user.has_perm("core.change_hall"),
            "warnings": warnings_for(hall) if user.has_perm("core.change_hall") else [],
            "panels": panels_for(hall, user),
        }
    return render(request, "core/dashboard.html", context)


@login_required
@require_POST
def hall_notice(request: HttpRequest, hall: str) -> HttpResponse:
    """Set or clear the line the hall's boards scroll; they show it at once."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="core.change_hall")
    form = HallNoticeForm(request.POST)
    if form.is_valid():
        hall_notice_set(actor=user, hall=the_hall, text=form.cleaned_data["text"], via="web")
        messages.success(request, _("The boards show the new notice."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors["text"]))
    return redirect(f"{reverse('dashboard')}?hall={the_hall.code}")


@login_required
def window_detail(request: HtmxHttpRequest, hall: str, number: int) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        window = access_window(user, hall, number, permission="core.operate_window")
        form = WindowStateForm(request.POST)
        if form.is_valid():
            window = window_set_state(
                actor=user,
                window=window,
                state=WindowState(form.cleaned_data["state"]),
                reason=form.cleaned_data["reason"],
                via="web",
            )
            form = WindowStateForm(initial={"state": window.state, "reason": window.state_reason})
    else:
        window = access_window(user, hall, number)
        form = WindowStateForm(initial={"state": window.state, "reason": window.state_reason})
    context = {"window": window, "form": form, "can_operate": user.has_perm("core.operate_window")}
    template = "core/window_detail.html#state" if request.htmx else "core/window_detail.html"
    return render(request, template, context)


@login_required
def user_list(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="core.view_user")
    members = selectors.members_of(user, the_hall)
    return render(
        request,
        "core/user_list.html",
        {
            "hall": the_hall,
            "members": members,
            "can_reveal": user.has_perm("core.reveal_personal_data"),
        },
    )


@login_required
@require_POST
def user_reveal_mobile(request: HttpRequest, hall: str, user_id: int) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall)
    member = access_user(user, user_id)
    if member.hall_id != the_hall.pk:
        raise NotFound()
    value = personal_data_reveal(actor=user, instance=member, field_name="mobile", via="web")
    return render(request, "core/user_list.html#revealed", {"value": value})


@login_required
def calendar_page(request: HtmxHttpRequest) -> HttpResponse:
    """A year's holidays and make-up workdays, its confirmation, and a due-date calculator."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, FIRST_YEAR), LAST_YEAR)
    due = None
    form = DueDateForm(request.GET if "start" in request.GET else None)
    if form.is_valid():
        try:
            due = calendar.add_working_days(
                form.cleaned_data["start"], form.cleaned_data["working_days"]
            )
        except DateOutOfRange as error:
            form.add_error("working_days", error.message)
    calendar_year, days = selectors.calendar_of_year(year)
    confirmed = calendar_year is not None and calendar_year.is_confirmed
    context = {
        "year": year,
        "years": range(today.year - 1, today.year + 3),
        "calendar_year": calendar_year,
        "statutory": [] if confirmed else sorted(calendar.statutory_holidays(year).items()),
        "days": days,
        "form": form,
        "due": due,
        "today": today,
    }
    template = (
        "core/calendar.html#due"
        if request.htmx and "start" in request.GET
        else "core/calendar.html"
    )
    return render(request, template, context)


@login_required
def device_list(request: HttpRequest, hall: str) -> HttpResponse:
    """The hall's rating pads, window by window: pair a new one, revoke a lost one."""
    the_hall = access_hall(request.user, hall, permission="core.view_device")
    return render(request, "core/devices.html", selectors.device_page(the_hall))


@login_required
@require_POST
def device_pairing(request: HttpRequest, hall: str, number: int) -> HttpResponse:
    """A pairing code for the pad of window `number`, shown once on the office's screen."""
    user = request_user(request)
    window = access_window(user, hall, number, permission="core.add_device")
    device, code = devices.device_pairing_start(
        actor=user, hall=window.hall, kind=DeviceKind.PAD, window=window, via="web"
    )
    context = selectors.device_page(window.hall)
    context.update(pairing=device, pairing_code=code)
    return render(request, "core/devices.html", context)


@login_required
@require_POST
def big_screen_pairing(request: HttpRequest, hall: str) -> HttpResponse:
    """A pairing code for a big screen (大屏) of the hall: it shows the live figures without
    a staff login."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="core.add_device")
    device, code = devices.device_pairing_start(
        actor=user, hall=the_hall, kind=DeviceKind.BIG_SCREEN, window=None, via="web"
    )
    context = selectors.device_page(the_hall)
    context.update(pairing=device, pairing_code=code)
    return render(request, "core/devices.html", context)


@login_required
@require_POST
def device_revoke(request: HttpRequest, hall: str, device_id: int) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="core.change_device")
    device = Device.objects.filter(hall=the_hall, pk=device_id).first()
    if device is None:
        raise NotFound()
    devices.device_revoke(actor=user, device=device, via="web")
    messages.success(request, _("The device is revoked: it shows the pairing screen again."))
    return redirect("devices", hall=the_hall.code)


# --- health and metrics (X5): for load balancers, monitors and Prometheus ----------------------


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Alive: the process answers. Nothing else is looked at."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: 200 with each check's figures, or 503 naming what fails."""
    ready, checks = readiness()
    body = {"status": "ok" if ready else "failing", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        raise PermissionDenied()
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
