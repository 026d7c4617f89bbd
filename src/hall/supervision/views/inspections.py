"""Supervision pages (V1), phone first: an inspector starts an inspection, ticks through the
hall's checklist and records findings with photos from the phone's camera; the heads rectify
what was found in their departments, and someone else checks it."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, departments_in_charge, request_user, require_permission
from hall.core.downloads import pdf_of, pdf_response
from hall.core.errors import DomainError, NotFound
from hall.core.inputs import parse_id
from hall.core.models import Department, Hall, User, Window, Zone
from hall.core.selectors import one_of
from hall.supervision import selectors, services
from hall.supervision.choices import InspectionKind
from hall.supervision.models import Finding, FindingPhoto, Inspection

HALL_WIDE = "supervision.inspect_hall"  # inspectors, the office, leadership
WEEKS_SHOWN = 12


@login_required
def inspection_list(request: HttpRequest, hall: str) -> HttpResponse:
    """The hall's inspections, the weeks without one, and starting a new one."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="supervision.view_inspection")
    if request.method == "POST":
        require_permission(user, "supervision.add_inspection")
        kind = (
            InspectionKind.SELF if request.POST.get("kind") == "self" else InspectionKind.INSPECTION
        )
        department = None
        if kind == InspectionKind.INSPECTION:
            require_permission(user, HALL_WIDE)
        else:  # a head's own department (自查自纠)
            department = one_of(_in_charge(user, the_hall), request.POST.get("department"))
            if department is None:
                raise NotFound()
        inspection = services.inspection_start(
            actor=user,
            hall=the_hall,
            kind=kind,
            zone=one_of(Zone.objects.filter(hall=the_hall), request.POST.get("zone")),
            department=department,
            windows=list(
                Window.objects.filter(hall=the_hall, pk__in=_ids(request.POST.getlist("windows")))
            ),
            via="web",
        )
        return redirect("inspection", hall=the_hall.code, inspection_id=inspection.pk)
    today = timezone.localdate()
    return render(
        request,
        "supervision/inspections.html",
        {
            "hall": the_hall,
            "inspections": selectors.inspections(the_hall)[:100],
            "missed": selectors.weeks_without_inspection(
                the_hall,
                today - datetime.timedelta(weeks=WEEKS_SHOWN),
                today - datetime.timedelta(days=7),
            ),
            "zones": Zone.objects.filter(hall=the_hall),
            "windows": Window.objects.filter(hall=the_hall).order_by("number"),
            "departments": _in_charge(user, the_hall),
            "look_first": (
                selectors.look_first(the_hall, today) if user.has_perm(HALL_WIDE) else []
            ),
        },
    )


def _ids(texts: list[str]) -> list[int]:
    return [n for n in (parse_id(text) for text in texts[:100]) if n is not None]


def _in_charge(user: User, hall: Hall) -> QuerySet[Department]:
    return departments_in_charge(user, office_permission=HALL_WIDE).filter(hall=hall)


def _inspection(user: User, hall: str, inspection_id: int) -> Inspection:
    the_hall = access_hall(user, hall, permission="supervision.view_inspection")
    inspection = (
        Inspection.objects.filter(hall=the_hall, pk=inspection_id).select_related("hall").first()
    )
    if inspection is None:
        raise NotFound()
    return inspection


@login_required
def inspection_detail(request: HttpRequest, hall: str, inspection_id: int) -> HttpResponse:
    """The checklist and the findings; the inspector records one per point seen wrong."""
    user = request_user(request)
    inspection = _inspection(user, hall, inspection_id)
    the_hall = inspection.hall
    mine = inspection.inspector_id == user.pk and inspection.finished_at is None
    error = ""
    if request.method == "POST":
        if not mine:
            raise NotFound()
        try:
            services.finding_record(
                actor=user,
                inspection=inspection,
                point=request.POST.get("point", ""),
                staff=one_of(User.objects.filter(hall=the_hall), request.POST.get("staff")),
                window=one_of(Window.objects.filter(hall=the_hall), request.POST.get("window")),
                note=request.POST.get("note", ""),
                photos=request.FILES.getlist("photos"),
                via="web",
            )
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Recorded."))
            return redirect("inspection", hall=the_hall.code, inspection_id=inspection.pk)
    windows = Window.objects.filter(hall=the_hall)
    chosen = inspection.windows.all()
    if chosen:
        windows = chosen
    if inspection.zone_id:
        windows = windows.filter(zone_id=inspection.zone_id)
    if inspection.department_id:
        windows = windows.filter(departments=inspection.department_id)
    staff = User.objects.filter(hall=the_hall, is_active=True, staff_number__gt="").order_by(
        "full_name"
    )
    if inspection.department_id:
        staff = staff.filter(departments=inspection.department_id)
    return render(
        request,
        "supervision/inspection.html",
        {
            "hall": the_hall,
            "inspection": inspection,
            "mine": mine,
            "points": selectors.points_of(the_hall),
            "windows": windows,
            "staff": staff,
            "findings": inspection.findings.select_related("staff", "window").prefetch_related(
                "photos"
            ),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def inspection_finish(request: HttpRequest, hall: str, inspection_id: int) -> HttpResponse:
    user = request_user(request)
    inspection = _inspection(user, hall, inspection_id)
    if inspection.inspector_id != user.pk:
        raise NotFound()
    services.inspection_finish(
        actor=user, inspection=inspection, note=request.POST.get("note", ""), via="web"
    )
    messages.success(request, _("The inspection is finished."))
    return redirect("inspections", hall=inspection.hall.code)


def _findings(user: User, hall: str) -> tuple[Hall, QuerySet[Finding]]:
    the_hall = access_hall(user, hall, permission="supervision.view_finding")
    return the_hall, selectors.findings_for(the_hall, _in_charge(user, the_hall))


@login_required
def finding_list(request: HttpRequest, hall: str) -> HttpResponse:
    """What was found in the reader's departments: rectify it by its date; check another's."""
    user = request_user(request)
    the_hall, findings = _findings(user, hall)
    return render(
        request,
        "supervision/findings.html",
        {"hall": the_hall, "findings": findings[:200], "today": timezone.localdate()},
    )


@login_required
@require_POST
def finding_step(request: HttpRequest, hall: str, finding_id: int, step: str) -> HttpResponse:
    user = request_user(request)
    require_permission(user, "supervision.change_finding")
    the_hall, findings = _findings(user, hall)
    finding = findings.filter(pk=finding_id).first()
    if finding is None:
        raise NotFound()
    if step == "rectified":
        services.finding_rectified(
            actor=user, finding=finding, note=request.POST.get("note", ""), via="web"
        )
    elif step in ("checked", "not-done"):
        services.finding_checked(actor=user, finding=finding, done=step == "checked", via="web")
    else:
        raise NotFound()
    messages.success(request, _("Recorded."))
    return redirect("findings", hall=the_hall.code)


@login_required
def finding_photo(request: HttpRequest, hall: str, photo_id: int) -> FileResponse:
    """A finding's photo, for whoever may read the inspection (media is not served openly)."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="supervision.view_finding")
    photo = FindingPhoto.objects.filter(finding__hall=the_hall, pk=photo_id).first()
    if photo is None:
        raise NotFound()
    return FileResponse(photo.image.open("rb"))  # its type from its name: jpg or png only


def _report(user: User, hall: str, inspection_id: int, *, for_pdf: bool) -> str:
    inspection = _inspection(user, hall, inspection_id)
    context = {
        "hall": inspection.hall,
        "inspection": inspection,
        "findings": inspection.findings.select_related("staff", "window").prefetch_related(
            "photos"
        ),
        "for_pdf": for_pdf,
    }
    return render_to_string("supervision/report.html", context)


@login_required
def inspection_report(request: HttpRequest, hall: str, inspection_id: int) -> HttpResponse:
    """The printable inspection report (督查通报)."""
    return HttpResponse(_report(request_user(request), hall, inspection_id, for_pdf=False))


@login_required
def inspection_pdf(request: HttpRequest, hall: str, inspection_id: int) -> HttpResponse:
    """The same report as PDF, with the CJK font embedded and the photos in it."""
    html = _report(request_user(request), hall, inspection_id, for_pdf=True)
    return pdf_response(pdf_of(html), f"inspection-{inspection_id}.pdf")
