"""Case endpoints (C1-C7): the same services the window workstation uses."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from hall.cases import documents, services
from hall.cases.access import access_case
from hall.cases.choices import ApplicantKind, DeliveryMethod, DocumentKind, Outcome
from hall.cases.models import Case
from hall.catalog import selectors as catalog
from hall.core.access import access_hall, request_user
from hall.core.inputs import BIG_INTEGER
from hall.core.models import User
from hall.queueing.access import access_ticket_for_staff

router = Router(tags=["cases"])


class ApplicantIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    kind: ApplicantKind = ApplicantKind.PERSON
    id_number: str = Field("", max_length=30, description="resident ID (GB 11643), for a person")
    credit_code: str = Field("", max_length=30, description="credit code (GB 32100), for a company")
    phone: str = Field("", max_length=20)


class CaseIn(Schema):
    service_item: str = Field(..., max_length=40, description="service item code")
    applicant: ApplicantIn
    materials: list[str] = Field([], max_length=100, description="codes of the materials handed in")


class EventOut(Schema):
    at: datetime.datetime
    action: str
    from_status: str
    to_status: str
    reason: str


class CaseOut(Schema):
    number: str
    status: str
    status_label: str
    service_item: str
    service_version: int
    applicant: str = Field(..., description="masked")
    materials_received: list[str]
    missing_materials: list[str]
    received_on: datetime.date
    accepted_on: datetime.date | None
    deemed_accepted: bool
    due_date: datetime.date | None
    due_date_provisional: bool = Field(
        ..., description="the due date falls in a year whose holidays are not confirmed yet"
    )
    extension_days: int
    warning: str
    outcome: str
    visits: int
    history: list[EventOut]


def case_out(case: Case) -> CaseOut:
    return CaseOut(
        number=case.number,
        status=case.status,
        status_label=str(case.get_status_display()),
        service_item=case.service.item.code,
        service_version=case.service.number,
        applicant=case.applicant_display,
        materials_received=[m.code for m in case.materials_received.order_by("position")],
        missing_materials=[m.code for m in services.missing_required(case)],
        received_on=case.received_at.date(),
        accepted_on=case.accepted_on,
        deemed_accepted=case.deemed_accepted,
        due_date=case.due_date,
        due_date_provisional=case.due_date is not None and documents.deadline(case).provisional,
        extension_days=case.extension_days,
        warning=case.warning,
        outcome=case.outcome,
        visits=case.visits.count(),
        history=[
            EventOut(
                at=e.at,
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                reason=e.reason,
            )
            for e in case.events.all()
        ],
    )


@router.post("halls/{hall}/cases", response={201: CaseOut})
def case_receive(request: HttpRequest, hall: str, payload: CaseIn) -> Status:
    """收件. A required material missing puts the case in "corrections requested" with one
    notice listing exactly those materials."""
    actor = request_user(request)
    the_hall = access_hall(actor, hall)
    case = services.case_receive(
        actor=actor,
        hall=the_hall,
        service=catalog.current_version(the_hall, payload.service_item),
        applicant=services.Applicant(**payload.applicant.dict()),
        materials=payload.materials,
        via="api",
    )
    return Status(201, case_out(case))


@router.get("cases/{number}", response=CaseOut)
def case_detail(request: HttpRequest, number: str) -> CaseOut:
    return case_out(access_case(request.user, number))


def _case_and_actor(request: HttpRequest, number: str) -> tuple[Case, User]:
    """The case the path names, as the caller may read it, and the caller who acts on it."""
    return access_case(request.user, number), request_user(request)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=1000)


class CorrectionsIn(Schema):
    missing: list[str] = Field(..., max_length=100, description="material codes the notice lists")
    note: str = Field("", max_length=1000)


class MaterialsIn(Schema):
    materials: list[str] = Field(..., max_length=100)


class OpinionIn(Schema):
    opinion: str = Field("", max_length=2000)


class ConcludeIn(Schema):
    outcome: Outcome
    note: str = Field("", max_length=2000)


class DeliverIn(Schema):
    method: DeliveryMethod = DeliveryMethod.PICKUP


class ExtendIn(Schema):
    days: int = Field(..., ge=1, le=365)
    reason: str = Field(..., max_length=1000)


class VisitIn(Schema):
    ticket: int = Field(..., ge=1, le=BIG_INTEGER, description="id of the ticket being served")


@router.post("cases/{number}/visits", response=CaseOut)
def case_link_ticket(request: HttpRequest, number: str, payload: VisitIn) -> CaseOut:
    """C7: the ticket the window is serving counts as one more visit for this case."""
    user = request_user(request)
    case = access_case(user, number)
    ticket = access_ticket_for_staff(user, payload.ticket)
    return case_out(services.case_link_ticket(case=case, ticket=ticket, actor=user, via="api"))


@router.get(
    "cases/{number}/documents/{kind}.pdf",
    response={200: None},
    openapi_extra={
        "responses": {200: {"content": {"application/pdf": {}}, "description": "the PDF"}}
    },
)
def case_document_pdf(request: HttpRequest, number: str, kind: DocumentKind) -> HttpResponse:
    """受理回执 / 一次性告知书 / 不予受理通知书 / 办结通知书 as PDF (C4)."""
    return documents.pdf_response(access_case(request.user, number), kind)


@router.post("cases/{number}/accept", response=CaseOut)
def case_accept(request: HttpRequest, number: str) -> CaseOut:
    """受理: the due date is set from the promised limit in working days."""
    case, actor = _case_and_actor(request, number)
    return case_out(services.case_accept(case=case, actor=actor, via="api"))


@router.post("cases/{number}/refuse", response=CaseOut)
def case_refuse(request: HttpRequest, number: str, payload: ReasonIn) -> CaseOut:
    case, actor = _case_and_actor(request, number)
    return case_out(services.case_refuse(case=case, actor=actor, via="api", reason=payload.reason))


@router.post("cases/{number}/request-corrections", response=CaseOut)
def case_request_corrections(request: HttpRequest, number: str, payload: CorrectionsIn) -> CaseOut:
    case, actor = _case_and_actor(request, number)
    return case_out(
        services.case_request_corrections(
            case=case, actor=actor, via="api", missing=payload.missing, note=payload.note
        )
    )


@router.post("cases/{number}/resubmit", response=CaseOut)
def case_resubmit(request: HttpRequest, number: str, payload: MaterialsIn) -> CaseOut:
    case, actor = _case_and_actor(request, number)
    return case_out(
        services.case_resubmit(case=case, actor=actor, via="api", materials=payload.materials)
    )


@router.post("cases/{number}/start", response=CaseOut)
def case_start(request: HttpRequest, number: str) -> CaseOut:
    case, actor = _case_and_actor(request, number)
    return case_out(services.case_start(case=case, actor=actor, via="api"))


@router.post("cases/{number}/submit-for-approval", response=CaseOut)
def case_submit_for_approval(request: HttpRequest, number: str, payload: OpinionIn) -> CaseOut:
    case, actor = _case_and_actor(request, number)
    return case_out(
        services.case_submit_for_approval(
            case=case, actor=actor, via="api", opinion=payload.opinion
        )
    )


@router.post("cases/{number}/conclude", response=CaseOut)
def case_conclude(request: HttpRequest, number: str, payload: ConcludeIn) -> CaseOut:
    case, actor = _case_and_actor(request, number)
    return case_out(
        services.case_conclude(
            case=case, actor=actor, via="api", outcome=payload.outcome, note=payload.note
        )
    )


@router.post("cases/{number}/deliver", response=CaseOut)
def case_deliver(request: HttpRequest, number: str, payload: DeliverIn) -> CaseOut:
    case, actor = _case_and_actor(request, number)
    return case_out(services.case_deliver(case=case, actor=actor, via="api", method=payload.method))


@router.post("cases/{number}/archive", response=CaseOut)
def case_archive(request: HttpRequest, number: str) -> CaseOut:
    """业务档案: archived with a PDF of each of its documents kept as a file."""
    case, actor = _case_and_actor(request, number)
    return case_out(services.case_archive(case=case, actor=actor, via="api"))


@router.post("cases/{number}/extend", response=CaseOut)
def case_extend(request: HttpRequest, number: str, payload: ExtendIn) -> CaseOut:
    """延期: by someone allowed to approve it, with a reason, within the legal maximum."""
    case, actor = _case_and_actor(request, number)
    return case_out(
        services.case_extend(
            case=case, actor=actor, via="api", days=payload.days, reason=payload.reason
        )
    )
