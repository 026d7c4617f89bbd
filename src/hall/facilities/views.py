"""Equipment pages (F1): the register with open faults and maintenance due, and reporting a
fault of a window's equipment in two clicks from the workstation; the safety page (F2)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, request_user
from hall.core.errors import InvalidInput, NotFound
from hall.core.inputs import SMALL_INTEGER, parse_date, parse_id
from hall.core.selectors import Row, one_of, staff_of_hall, window_numbered
from hall.facilities import selectors, services
from hall.facilities.models import FaultReport

SEE = "facilities.view_equipment"


def _picked(rows: QuerySet[Row], text: str | None) -> Row:
    row = one_of(rows, text)
    if row is None:
        raise NotFound()
    return row


@login_required
def register(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=SEE)
    today = timezone.localdate()
    return render(
        request,
        "facilities/register.html",
        {
            "hall": the_hall,
            "items": selectors.equipment_of(the_hall).order_by("kind", "name"),
            "faults": selectors.open_faults(the_hall),
            "due": selectors.maintenance_due(the_hall, today),
            "today": today,
            "staff": staff_of_hall(the_hall),
        },
    )


@login_required
def report(request: HttpRequest, hall: str) -> HttpResponse:
    """The window's equipment, a button each: the second click reports the fault."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=services.REPORT)
    number = parse_id(request.GET.get("window") or request.POST.get("window"), most=999)
    window = window_numbered(the_hall, number) if number else None
    if request.method == "POST":
        services.fault_report(
            equipment=_picked(selectors.equipment_of(the_hall), request.POST.get("equipment")),
            actor=user,
            description=request.POST.get("description", ""),
            take_window_out=request.POST.get("take_out") == "1",
            via="web",
        )
        messages.success(request, _("Fault reported; the office sees it on its dashboard."))
        return redirect(f"{request.path}?window={number}" if number else request.path)
    items = selectors.equipment_at(window) if window else selectors.equipment_of(the_hall)
    return render(
        request,
        "facilities/report.html",
        {"hall": the_hall, "window": window, "items": items},
    )


@login_required
@require_POST
def fault_step(request: HttpRequest, hall: str, fault_id: int, step: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=services.REPAIR)
    fault = FaultReport.objects.filter(hall=the_hall, pk=fault_id).first()
    if fault is None:
        raise NotFound()
    if step == "assign":
        to = _picked(staff_of_hall(the_hall), request.POST.get("to"))
        services.fault_assign(report=fault, actor=user, to=to, via="web")
    elif step == "close":
        services.fault_close(report=fault, actor=user, note=request.POST.get("note", ""), via="web")
        messages.success(request, _("Repair recorded."))
    else:
        raise NotFound()
    return redirect("equipment", the_hall.code)


@login_required
@require_POST
def maintained(request: HttpRequest, hall: str, equipment_id: int) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=services.REPAIR)
    item = _picked(selectors.equipment_of(the_hall), str(equipment_id))
    services.maintenance_done(equipment=item, actor=user, day=timezone.localdate(), via="web")
    return redirect("equipment", the_hall.code)


# --- safety (F2) -------------------------------------------------------------------------------


@login_required
def safety(request: HttpRequest, hall: str, error: str = "") -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="facilities.view_safetyitem")
    today = timezone.localdate()
    return render(
        request,
        "facilities/safety.html",
        {
            "hall": the_hall,
            "today": today,
            "items": [(item, item.check_due(today)) for item in selectors.items_of(the_hall)],
            "drills": selectors.drills_of(the_hall),
            "plans": selectors.latest_plans(the_hall),
            "incidents": selectors.incidents_of(the_hall),
            "staff": staff_of_hall(the_hall),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def safety_step(request: HttpRequest, hall: str, step: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="facilities.view_safetyitem")
    data = request.POST
    try:
        if step == "check":
            services.safety_check(
                item=_picked(selectors.items_of(the_hall), data.get("item")),
                actor=user,
                ok=data.get("ok") != "0",
                note=data.get("note", ""),
                via="web",
            )
        elif step == "plan-drill":
            services.drill_plan(
                hall=the_hall,
                actor=user,
                title=data.get("title", ""),
                day=parse_date(data.get("day")),
                every_months=parse_id(data.get("every_months"), most=SMALL_INTEGER),
                via="web",
            )
        elif step == "drill-held":
            services.drill_held(
                drill=_picked(selectors.drills_of(the_hall), data.get("drill")),
                actor=user,
                participant_ids=_ids(data.getlist("participant")),
                report=data.get("report", ""),
                via="web",
            )
        elif step == "plan":
            services.plan_upload(
                hall=the_hall,
                actor=user,
                title=data.get("title", ""),
                document=request.FILES.get("document"),
                via="web",
            )
        elif step == "incident":
            services.incident_log(
                hall=the_hall,
                actor=user,
                title=data.get("title", ""),
                description=data.get("description", ""),
                responsible_ids=_ids(data.getlist("responsible")),
                via="web",
            )
        else:
            raise NotFound()
    except InvalidInput as failure:  # shown on the page; nothing was written
        return safety(request, hall, error=failure.message)
    return redirect("safety", the_hall.code)


def _ids(texts: list[str]) -> list[int]:
    return [value for value in (parse_id(text) for text in texts[:200]) if value is not None]


@login_required
def safety_plan(request: HttpRequest, hall: str, plan_id: int) -> FileResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="facilities.view_safetyitem")
    plan = selectors.plan_of(the_hall, plan_id)
    if plan is None:
        raise NotFound()
    return FileResponse(
        plan.document.open("rb"),
        content_type="application/pdf",
        filename=f"{plan.title}-v{plan.version}.pdf",
    )
