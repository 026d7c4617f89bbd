"""Attendance pages: my punches, records and leave; approvals; the department's sheet."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect
from openpyxl import Workbook

from hall.attendance import selectors, services
from hall.attendance.forms import LeaveForm, PunchCorrectionForm
from hall.attendance.models import (
    LeaveKind,
    PunchKind,
)
from hall.core.access import access_department_in_charge, request_user
from hall.core.calendar import month_named
from hall.core.downloads import xlsx_response
from hall.core.errors import InvalidInput, NotFound
from hall.core.forms import form_errors
from hall.core.hours import Period
from hall.core.models import Department
from hall.rostering import selectors as rostering_selectors
from hall.rostering import services as rostering


@login_required
def my_attendance(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    context = {
        "punches": selectors.punches_of(user, today),
        "records": selectors.month_records(user, today.replace(day=1)),
        "requests": selectors.recent_leave_of(user),
        "to_decide": selectors.leave_to_decide(user),
        "corrections_to_decide": selectors.corrections_to_decide(user),
        "corrections": selectors.recent_corrections_of(user),
        "form": LeaveForm(),
        "correction_form": PunchCorrectionForm(),
        "departments": selectors.sheet_departments(user),
        "month": today.replace(day=1),
        "days_off": rostering_selectors.days_off_wished(user.pk, today),
    }
    return render(request, "attendance/mine.html", context)


@login_required
@require_POST
def punch(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in PunchKind.values:
        raise NotFound()
    services.punch(staff=request_user(request), kind=PunchKind(kind), source="web")
    return HttpResponseClientRedirect(reverse("attendance"))


@login_required
@require_POST
def leave_new(request: HttpRequest) -> HttpResponse:
    form = LeaveForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    data = form.cleaned_data
    user = request_user(request)
    services.leave_request(
        actor=user,
        staff=user,
        kind=LeaveKind(data["kind"]),
        start_date=data["start_date"],
        start_period=data["start_period"],
        end_date=data["end_date"],
        end_period=data["end_period"],
        reason=data["reason"],
        via="web",
    )
    messages.success(request, _("Your leave request was sent; it waits for approval."))
    return HttpResponseClientRedirect(reverse("attendance"))


@login_required
@require_POST
def day_off(request: HttpRequest) -> HttpResponse:
    try:
        day = datetime.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        raise InvalidInput() from None
    rostering.day_off_request(
        staff=request_user(request), day=day, note=request.POST.get("note", ""), via="web"
    )
    return HttpResponseClientRedirect(reverse("attendance"))


def _approves(decision: str) -> bool:
    """The decision a button's address names: approve or reject, nothing else."""
    if decision not in ("approve", "reject"):
        raise NotFound()
    return decision == "approve"


@login_required
@require_POST
def leave_decide(request: HttpRequest, request_id: int, decision: str) -> HttpResponse:
    user = request_user(request)
    leave = selectors.leave_request_in_hall(user, request_id)
    services.leave_decide(actor=user, request=leave, approve=_approves(decision), via="web")
    return HttpResponseClientRedirect(reverse("attendance"))


def _sheet(
    request: HttpRequest, department: str, month: str
) -> tuple[Department, datetime.date, list[selectors.SheetRow]]:
    found = access_department_in_charge(
        request.user, department, office_permission=services.APPROVE_ANY
    )
    first = month_named(month)
    return found, first, selectors.monthly_sheet(found, first)


@login_required
@permission_required("attendance.view_punch", raise_exception=True)
def department_sheet(request: HttpRequest, department: str, month: str) -> HttpResponse:
    found, first, rows = _sheet(request, department, month)
    return render(
        request,
        "attendance/sheet.html",
        {"department": found, "month": first, "rows": rows, "kinds": LeaveKind.choices},
    )


@login_required
@permission_required("attendance.view_punch", raise_exception=True)
def department_sheet_excel(request: HttpRequest, department: str, month: str) -> HttpResponse:
    found, first, rows = _sheet(request, department, month)
    book = Workbook()
    sheet = book.create_sheet(title=f"{first:%Y-%m}", index=0)
    del book[book.sheetnames[1]]
    sheet.append(
        [
            _("%(department)s attendance, %(month)s")
            % {"department": found.name, "month": f"{first:%Y-%m}"}
        ]
    )
    sheet.append(
        [
            _("Name"),
            _("Staff number"),
            _("Rostered half-days"),
            _("Present"),
            _("Late"),
            _("Early leave"),
            _("Missing punch out"),
            _("Absence without leave (days)"),
        ]
        + [str(label) for _code, label in LeaveKind.choices]
        + [_("Off post (minutes)")]
    )
    for row in rows:
        sheet.append(
            [
                row.staff.get_full_name(),
                row.staff.staff_number,
                row.rostered,
                row.present,
                row.late,
                row.early,
                row.missing_out,
                float(row.absence_days),
            ]
            + [float(row.leave_days.get(code, 0)) for code, _label in LeaveKind.choices]
            + [row.off_post_minutes]
        )
    return xlsx_response(book, f"attendance-{department}-{month}.xlsx")


@login_required
@require_POST
def punch_correction_new(request: HttpRequest) -> HttpResponse:
    form = PunchCorrectionForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    data = form.cleaned_data
    services.punch_correction_request(
        staff=request_user(request),
        day=data["date"],
        period=Period(data["period"]),
        kind=PunchKind(data["kind"]),
        at=data["at"],
        reason=data["reason"],
        via="web",
    )
    return HttpResponseClientRedirect(reverse("attendance"))


@login_required
@require_POST
def punch_correction_decide(
    request: HttpRequest, correction_id: int, decision: str
) -> HttpResponse:
    user = request_user(request)
    correction = selectors.correction_in_hall(user, correction_id)
    services.punch_correction_decide(
        actor=user, correction=correction, approve=_approves(decision), via="web"
    )
    return HttpResponseClientRedirect(reverse("attendance"))
