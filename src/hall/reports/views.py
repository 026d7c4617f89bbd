"""The office's live figures (D1) and 潮汐 alerts (D4): the dashboard's panel fetched again
when the hall's live channel says something moved, and every minute besides; an alert
acknowledged, or what was done about it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, public_hall, request_user
from hall.core.devices import device_of, device_pair, remember_device
from hall.core.errors import DomainError, NotFound, PermissionDenied
from hall.core.models import DeviceKind, Hall
from hall.reports import services
from hall.reports.alerts import open_alerts
from hall.reports.now import hall_now

SEE = "reports.view_dashboard"


@login_required
def now_panel(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = access_hall(request_user(request), hall, permission=SEE)
    panel = {"now": hall_now(the_hall), "alerts": open_alerts(the_hall)}
    return render(request, "reports/_now.html", {"hall": the_hall, "panel": panel})


@login_required
@require_POST
def alert_step(request: HttpRequest, hall: str, alert_id: int, step: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="reports.change_alert")
    alert = open_alerts(the_hall).filter(pk=alert_id).first()
    if alert is None:
        raise NotFound()
    if step == "acknowledge":
        services.alert_acknowledge(actor=user, alert=alert, via="web")
    elif step == "act":
        services.alert_act(
            actor=user, alert=alert, action=request.POST.get("action", ""), via="web"
        )
    else:
        raise NotFound()
    return redirect(f"{reverse('dashboard')}?hall={the_hall.code}")


# --- the big screen (大屏): no login, a paired device --------------------------------------------


def _screen_hall(request: HttpRequest, hall: str) -> tuple[Hall, bool]:
    the_hall = public_hall(hall)
    device = device_of(request, kind=DeviceKind.BIG_SCREEN, window=None)
    return the_hall, device is not None and device.hall_id == the_hall.pk


def big_screen(request: HttpRequest, hall: str) -> HttpResponse:
    """The hall's live figures as charts for a 1920×1080 screen; the pairing form until the
    office has paired it."""
    the_hall, paired = _screen_hall(request, hall)
    if not paired:
        return render(request, "reports/big_screen_pair.html", {"hall": the_hall})
    panel = {"now": hall_now(the_hall)}
    return render(request, "reports/big_screen.html", {"hall": the_hall, "panel": panel})


def big_screen_now(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall, paired = _screen_hall(request, hall)
    if not paired:
        raise PermissionDenied()
    panel = {"now": hall_now(the_hall)}
    return render(request, "reports/big_screen.html", {"hall": the_hall, "panel": panel})


@require_POST
def big_screen_pair(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = public_hall(hall)
    try:
        key = device_pair(
            request=request,
            hall=the_hall,
            kind=DeviceKind.BIG_SCREEN,
            window=None,
            code=request.POST.get("code", ""),
        )
    except DomainError as error:
        context = {"hall": the_hall, "error": error.message}
        return render(request, "reports/big_screen_pair.html", context, status=error.status)
    response = redirect("big-screen", hall=the_hall.code)
    remember_device(request, response, key)
    return response
