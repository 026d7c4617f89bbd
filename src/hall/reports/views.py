"""The office's live figures (D1) and 潮汐 alerts (D4): the dashboard's panel fetched again
when the hall's live channel says something moved, and every minute besides; an alert
acknowledged, or what was done about it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from hall.core.access import access_hall, public_hall, request_user
from hall.core.devices import device_of, device_pair, remember_device
from hall.core.downloads import pdf_of, pdf_response, xlsx_response
from hall.core.errors import DomainError, NotFound, PermissionDenied
from hall.core.inputs import parse_date
from hall.core.models import DeviceKind, Hall
from hall.core.periods import PeriodKind, period_span
from hall.queueing.summaries import issued_by_day
from hall.reception.selectors import visitors_by_hour
from hall.reports import services
from hall.reports.alerts import open_alerts
from hall.reports.figures import BY, column_titles, report
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


# --- reports (F3) ------------------------------------------------------------------------------


@login_required
def reports(request: HttpRequest, hall: str) -> HttpResponse:
    """A period's work grouped as asked; `format=xlsx` its Excel, `format=pdf` to print."""
    the_hall = access_hall(request_user(request), hall, permission=SEE)
    today = timezone.localdate()
    by = request.GET.get("by", "department")
    by = by if by in BY else "department"
    kind = request.GET.get("period", PeriodKind.MONTH)
    kind = kind if kind in PeriodKind.values else PeriodKind.MONTH
    error, rows = "", []
    try:
        if request.GET.get("from") or request.GET.get("to"):
            first, last = parse_date(request.GET.get("from")), parse_date(request.GET.get("to"))
        else:
            text = request.GET.get("day")
            first, last = period_span(kind, parse_date(text) if text else today)
        rows = report(the_hall, first, last, by, today=today)
        visitors = visitors_by_hour(the_hall, first, last)
    except DomainError as failure:
        error, first, last, visitors = failure.message, today, today, {}
    context = {
        "hall": the_hall,
        "rows": rows,
        "titles": column_titles(),
        "by": by,
        "by_choices": BY.items(),
        "kind": kind,
        "kinds": PeriodKind.choices,
        "first": first,
        "last": last,
        "error": error,
        "visitors": visitors,
        "visitors_busiest": max(visitors.values(), default=0),
    }
    if not error and request.GET.get("format") == "xlsx":
        return xlsx_response(_workbook(context), f"report-{the_hall.code}-{first}-{last}.xlsx")
    if not error and request.GET.get("format") == "pdf":
        chart = {"by_day": issued_by_day(the_hall, first, last), "span": (first, last)}
        html = render(request, "reports/report_print.html", {**context, **chart})
        return pdf_response(pdf_of(html.content.decode()), f"report-{the_hall.code}-{first}.pdf")
    return render(request, "reports/reports.html", context, status=422 if error else 200)


def _workbook(context: dict) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = str(BY[context["by"]])
    sheet.append([context["hall"].name, f"{context['first']} – {context['last']}"])
    sheet.append([str(BY[context["by"]]), *context["titles"]])
    for row in context["rows"]:
        sheet.append([row.label, *row.values()])
    visitors = book.create_sheet(_("Visitors by hour"))
    visitors.append([_("Hour"), _("Visitors registered")])
    for hour, count in sorted(context["visitors"].items()):
        visitors.append([f"{hour:02d}:00", count])
    return book
