"""Case pages: intake at the window, the case file with its steps, documents, the overdue
list, and the public progress lookup. Each parses, calls a service, renders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from hall.cases import documents, forms, selectors, services
from hall.cases.access import access_case
from hall.cases.choices import CaseStatus, DocumentKind
from hall.cases.errors import ProgressLocked, ProgressNotFound
from hall.cases.models import Case
from hall.core.access import request_user
from hall.core.errors import InvalidInput, NotFound
from hall.core.forms import form_errors
from hall.core.htmx import HtmxHttpRequest
from hall.core.inputs import parse_id
from hall.core.ratelimit import allow, client_address
from hall.core.selectors import the_only_hall
from hall.queueing.access import access_ticket_for_staff


@dataclass(frozen=True)
class Step:
    """A button (and its small form) on the case file, and the service behind it."""

    action: str  # the key of services.ALLOWED_FROM
    service: Callable[..., Case]  # a case service; the form gives its own arguments
    label: Any
    form: type[forms.CaseStepForm] | None = None
    confirm: Any = ""


STEPS: dict[str, Step] = {
    step.action.replace("_", "-"): step
    for step in [
        Step("accept", services.case_accept, _("Accept")),
        Step(
            "request_corrections",
            services.case_request_corrections,
            _("Ask for corrections (one notice)"),
            forms.CorrectionsForm,
        ),
        Step(
            "refuse",
            services.case_refuse,
            _("Do not accept"),
            forms.ReasonForm,
            confirm=_("Refuse to accept this case? The applicant gets a refusal notice."),
        ),
        Step(
            "resubmit",
            services.case_resubmit,
            _("Corrections handed in"),
            forms.MaterialsForm,
        ),
        Step("start", services.case_start, _("Start processing")),
        Step(
            "joint_review",
            services.case_start_joint_review,
            _("Joint review with other departments"),
            forms.JointReviewForm,
        ),
        Step(
            "submit_for_approval",
            services.case_submit_for_approval,
            _("Submit for approval"),
            forms.OpinionForm,
        ),
        Step(
            "conclude",
            services.case_conclude,
            _("Conclude"),
            forms.ConcludeForm,
            confirm=_("Record the decision? It cannot be changed afterwards."),
        ),
        Step("deliver", services.case_deliver, _("Result delivered"), forms.DeliverForm),
        Step(
            "extend",
            services.case_extend,
            _("Extend the time limit"),
            forms.ExtendForm,
            confirm=_("Extend the time limit of this case?"),
        ),
        Step(
            "archive",
            services.case_archive,
            _("Archive"),
            confirm=_("Archive this case? It can no longer be changed."),
        ),
    ]
}


def _step_form(step: Step, case: Case, data: Any = None) -> forms.CaseStepForm | None:
    return step.form(data, case=case) if step.form is not None else None


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    query = request.GET.get("q", "").strip()
    cases = selectors.case_list(request.user, status=status, number_contains=query)
    return render(
        request,
        "cases/case_list.html",
        {"cases": cases[:200], "statuses": CaseStatus.choices, "status": status, "query": query},
    )


@login_required
@permission_required("cases.view_case", raise_exception=True)
def overdue(request: HttpRequest) -> HttpResponse:
    groups = selectors.overdue_by_department(request.user, timezone.localdate())
    return render(request, "cases/overdue.html", {"groups": groups})


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_new(request: HtmxHttpRequest) -> HttpResponse:
    """收件 at the window; `?ticket=ID` links the number being served (C7)."""
    user = request_user(request)
    if user.hall is None:
        raise NotFound()
    offered = selectors.services_for_intake(user, user.hall)
    ticket_id = request.GET.get("ticket") or request.POST.get("ticket") or ""
    ticket_pk = parse_id(ticket_id)
    ticket = access_ticket_for_staff(user, ticket_pk) if ticket_pk is not None else None
    form = forms.IntakeForm(request.POST or None, services=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = services.case_receive(
            actor=user,
            hall=user.hall,
            service=data["service"],
            applicant=services.Applicant(
                name=data["name"],
                kind=data["applicant_kind"],
                id_number=data["id_number"],
                credit_code=data["credit_code"],
                phone=data["phone"],
            ),
            materials=[m.code for m in data["materials"]],
            ticket=ticket,
            via="web",
        )
        return HttpResponseClientRedirect(reverse("case-detail", args=[case.number]))
    template = "cases/case_new.html#intake" if request.htmx else "cases/case_new.html"
    status = 422 if request.method == "POST" else 200
    return render(request, template, {"form": form, "ticket": ticket}, status=status)


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_new_materials(request: HttpRequest) -> HttpResponse:
    """The chosen item's materials list to tick off (HTMX, when the item changes)."""
    user = request_user(request)
    if user.hall is None:
        raise NotFound()
    offered = selectors.services_for_intake(user, user.hall)
    form = forms.IntakeForm(None, services=offered, initial={"service": request.GET.get("service")})
    return render(request, "cases/case_new.html#materials", {"form": form})


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = access_case(request.user, number)
    open_to_me = services.steps_open_to(request_user(request), case)
    steps = [
        (slug, step, _step_form(step, case))
        for slug, step in STEPS.items()
        if step.action in open_to_me
    ]
    context = {
        "case": case,
        "steps": steps,
        "approvers": selectors.who_decides(case),
        "missing": services.missing_required(case),
        "received": case.materials_received.order_by("position"),
        "events": case.events.select_related("actor"),
        "visits": case.visits.select_related("ticket"),
        "tasks": case.tasks.select_related("department", "done_by"),
        "my_departments": set(request_user(request).departments.values_list("pk", flat=True)),
        "documents": documents.available(case),
        "archived": case.archived_documents.all(),
        "deadline": documents.deadline(case),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def case_link_visit(request: HttpRequest, number: str) -> HttpResponse:
    """C7: the applicant came again; the ticket being served today counts as a visit."""
    case = access_case(request.user, number)
    form = forms.VisitForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    ticket = selectors.ticket_of_today(case.hall, form.cleaned_data["ticket"])
    services.case_link_ticket(case=case, ticket=ticket, actor=request_user(request), via="web")
    return HttpResponseClientRedirect(reverse("case-detail", args=[case.number]))


@login_required
@require_POST
def case_act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    step = STEPS.get(action)
    if step is None:
        raise NotFound()
    case = access_case(request.user, number)
    form = _step_form(step, case, request.POST)
    arguments: dict[str, Any] = {}
    if form is not None:
        if not form.is_valid():
            raise form_errors(form)
        arguments = form.cleaned_data
    step.service(case=case, actor=request_user(request), via="web", **arguments)
    return HttpResponseClientRedirect(reverse("case-detail", args=[case.number]))


@login_required
@require_POST
def case_task_done(request: HttpRequest, number: str, task_id: int) -> HttpResponse:
    """A department's opinion in a joint review."""
    case = access_case(request.user, number)
    task = selectors.task_of(case, task_id)
    form = forms.TaskForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    services.case_task_complete(
        task=task, actor=request_user(request), opinion=form.cleaned_data["opinion"], via="web"
    )
    return HttpResponseClientRedirect(reverse("case-detail", args=[case.number]))


@login_required
@permission_required("cases.view_case", raise_exception=True)
def archived_document(request: HttpRequest, number: str, kind: str) -> FileResponse:
    """The PDF kept when the case was archived."""
    case = access_case(request.user, number)
    copy = selectors.archived_copy(case, kind)
    return FileResponse(
        copy.file.open("rb"),
        content_type="application/pdf",
        filename=documents.filename(case, DocumentKind(copy.kind)),
    )


def _document_kind(kind: str) -> DocumentKind:
    if kind not in DocumentKind.values:
        raise NotFound()
    return DocumentKind(kind)


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """The printable page (the browser prints it)."""
    case = access_case(request.user, number)
    return HttpResponse(documents.render_html(case, _document_kind(kind)))


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document_pdf(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    case = access_case(request.user, number)
    return documents.pdf_response(case, _document_kind(kind))


PROGRESS_LOOKUPS_PER_MINUTE = 20


def progress(request: HttpRequest) -> HttpResponse:
    """C5, no login: the case number plus four digits the applicant knows; state and dates."""
    # A link from a receipt fills the number in; the look-up is the form sent with its digits.
    sent = "digits" in request.GET
    form = forms.ProgressForm(
        request.GET if sent else None, initial={"number": request.GET.get("number", "")}
    )
    case = None
    if sent and form.is_valid():
        if not allow(f"progress:{client_address(request)}", limit=PROGRESS_LOOKUPS_PER_MINUTE):
            raise InvalidInput(_("Too many lookups; please wait a minute."))
        try:
            case = selectors.progress(form.cleaned_data["number"], form.cleaned_data["digits"])
        except (ProgressNotFound, ProgressLocked) as error:
            form.add_error(None, error.message)
    context = {
        "form": form,
        "case": case,
        "correction": selectors.open_correction(case) if case else None,
        "hall": case.hall if case else the_only_hall(),
    }
    return render(request, "cases/progress.html", context)
