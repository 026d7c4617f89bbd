"""Complaints and suggestions (V4): the form on the hall page, the complainant's own page,
and the office's and heads' list. Who complained is shown only to whoever may see it
(hall.evaluation.access.sees_complainant)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, public_hall, request_user
from hall.core.errors import DomainError, InvalidInput, NotFound
from hall.core.models import Department, Hall, User, Window
from hall.core.selectors import one_of, staff_of_hall
from hall.core.services import personal_data_reveal
from hall.evaluation import selectors, services
from hall.evaluation.access import (
    OFFICE,
    complaint_following,
    complaints_in_charge,
    limit_online_complaints,
    sees_complainant,
)
from hall.evaluation.choices import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintFinding,
    ComplaintKind,
    ComplaintStatus,
    Level,
)
from hall.evaluation.forms import ComplaintForm, ComplaintRecordForm
from hall.evaluation.models import Complaint
from hall.evaluation.views.ratings import level_chosen


def _complaint_in(hall: Hall, data: dict[str, object], channel: str) -> services.ComplaintIn:
    number = data.get("window")
    window = (
        Window.objects.filter(hall=hall, number=number).first() if isinstance(number, int) else None
    )
    return services.ComplaintIn(
        kind=ComplaintKind(str(data["kind"])),
        channel=ComplaintChannel(channel),
        content=str(data["content"]),
        category=str(data.get("category") or ""),
        hotline_reference=str(data.get("hotline_reference") or ""),
        anonymous=bool(data.get("anonymous")),
        name=str(data.get("name") or ""),
        phone=str(data.get("phone") or ""),
        id_number=str(data.get("id_number") or ""),
        window=window,
    )


def complaint_form(request: HttpRequest, hall: str) -> HttpResponse:
    """投诉与建议 on the hall page: anonymous allowed; then the number and the link to follow."""
    the_hall = public_hall(hall)
    form = ComplaintForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            limit_online_complaints(the_hall, request)
            complaint = services.complaint_record(
                hall=the_hall,
                data=_complaint_in(the_hall, form.cleaned_data, ComplaintChannel.ONLINE),
                actor=None,
                via="web",
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("complaint-follow", token=complaint.token)
    return render(request, "evaluation/complaint_form.html", {"hall": the_hall, "form": form})


def complaint_follow(request: HttpRequest, token: str) -> HttpResponse:
    """The complainant's page: where it stands, the reply, and their rating of the handling."""
    complaint = complaint_following(token)
    error = ""
    if request.method == "POST":
        try:
            complaint = services.complaint_rate_handling(
                complaint=complaint, level=level_chosen(request.POST.get("level")) or 0, via="web"
            )
        except DomainError as failure:
            error = failure.message
    return render(
        request,
        "evaluation/complaint_follow.html",
        {"complaint": complaint, "levels": Level.choices, "error": error},
        status=422 if error else 200,
    )


@login_required
def complaint_list(request: HttpRequest, hall: str) -> HttpResponse:
    """The office's and the heads' list, open ones by their reply-by date; the office also
    records complaints from the phone, letters, the counter and 12345 here."""
    user = request_user(request)
    the_hall = access_hall(user, hall)
    complaints = complaints_in_charge(user, the_hall)
    status = request.GET.get("status", "")
    if status in ComplaintStatus.values:
        complaints = complaints.filter(status=status)
    office = user.has_perm(OFFICE)
    form = ComplaintRecordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not user.has_perm("evaluation.add_complaint"):
            raise NotFound()
        if form.is_valid():
            complaint = services.complaint_record(
                hall=the_hall,
                data=_complaint_in(the_hall, form.cleaned_data, form.cleaned_data["channel"]),
                actor=user,
                via="web",
            )
            messages.success(request, _("Recorded as %(number)s.") % {"number": complaint.number})
            return redirect("complaints", hall=the_hall.code)
    rows = [(c, sees_complainant(user, c)) for c in selectors.complaints_listed(complaints)[:200]]
    return render(
        request,
        "evaluation/complaints.html",
        {
            "hall": the_hall,
            "rows": rows,
            "status": status,
            "statuses": ComplaintStatus.choices,
            "office": office,
            "form": form if user.has_perm("evaluation.add_complaint") else None,
        },
    )


@login_required
def complaint_detail(request: HttpRequest, hall: str, complaint_id: int) -> HttpResponse:
    user = request_user(request)
    complaint = _complaint(user, hall, complaint_id)
    return render(request, "evaluation/complaint_detail.html", _detail(user, complaint))


def _complaint(user: User, hall: str, complaint_id: int) -> Complaint:
    complaint = complaints_in_charge(user, access_hall(user, hall)).filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound()
    return complaint


def _detail(user: User, complaint: Complaint) -> dict[str, object]:
    office = user.has_perm(OFFICE)
    return {
        "hall": complaint.hall,
        "complaint": complaint,
        "identity": sees_complainant(user, complaint),
        "office": office,
        "may_open": user.has_perm("evaluation.open_complainant_identity"),
        "departments": Department.objects.filter(hall=complaint.hall) if office else [],
        "windows": Window.objects.filter(hall=complaint.hall) if office else [],
        "staff": staff_of_hall(complaint.hall) if office else [],
        "categories": ComplaintCategory.choices,
        "findings": ComplaintFinding.choices,
    }


@login_required
@require_POST
def complaint_step(request: HttpRequest, hall: str, complaint_id: int, step: str) -> HttpResponse:
    """Assign (the office), reply (the department or the office), close and open who
    complained (the office); each a service with its own checks."""
    user = request_user(request)
    complaint = _complaint(user, hall, complaint_id)
    post = request.POST
    if step == "reveal-phone":  # to call them back: whoever may see who it is, audited
        if not sees_complainant(user, complaint):
            raise NotFound()
        value = personal_data_reveal(
            actor=user, instance=complaint, field_name="complainant_phone", via="web"
        )
        return render(request, "evaluation/complaint_detail.html#revealed", {"value": value})
    if step == "reply":
        services.complaint_reply(
            complaint=complaint,
            actor=user,
            finding=post.get("finding", ""),
            reply=post.get("reply", ""),
            via="web",
        )
    elif not user.has_perm(OFFICE):
        raise NotFound()
    elif step == "assign":
        department = one_of(Department.objects.filter(hall=complaint.hall), post.get("department"))
        if department is None:
            raise InvalidInput(_("Choose the department that handles it."))
        services.complaint_assign(
            complaint=complaint,
            actor=user,
            department=department,
            staff=one_of(User.objects.filter(hall=complaint.hall), post.get("staff")),
            window=one_of(Window.objects.filter(hall=complaint.hall), post.get("window")),
            category=post.get("category", ""),
            via="web",
        )
    elif step == "close":
        services.complaint_close(complaint=complaint, actor=user, via="web")
    elif step == "open-identity":
        if not user.has_perm("evaluation.open_complainant_identity"):
            raise NotFound()
        services.complaint_open_identity(
            complaint=complaint, actor=user, reason=post.get("reason", ""), via="web"
        )
    else:
        raise NotFound()
    messages.success(request, _("Recorded."))
    return redirect("complaint-detail", hall=complaint.hall.code, complaint_id=complaint.pk)
