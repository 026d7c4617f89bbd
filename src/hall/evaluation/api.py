"""好差评 endpoints (V2): the same services the phone pages and the pad use."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hall.core.access import access_hall, public_hall, request_user, require_permission
from hall.core.auth import OPTIONAL_AUTH
from hall.core.errors import InvalidInput, NotFound
from hall.core.inputs import BIG_INTEGER
from hall.core.links import public_link
from hall.core.models import Department, User, Window
from hall.evaluation import selectors, services
from hall.evaluation.access import (
    OFFICE,
    case_to_rate,
    complaints_in_charge,
    limit_online_complaints,
    refuse_staff,
    sees_complainant,
)
from hall.evaluation.choices import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintFinding,
    ComplaintKind,
    RatingChannel,
)
from hall.evaluation.models import Complaint, Rating
from hall.queueing.access import ticket_by_follow_token

router = Router(tags=["evaluation"])


class RatingIn(Schema):
    level: int = Field(..., description="5 = 非常满意 … 1 = 非常不满意")
    tags: list[str] = Field(default_factory=list, max_length=10)
    comment: str = Field("", max_length=300)
    mobile: str = Field("", max_length=20, description="with a 差评: for the call back")


class CaseRatingIn(RatingIn):
    digits: str = Field(
        ...,
        min_length=4,
        max_length=4,
        description="the last four characters of the ID "
        "number (or credit code) or phone the applicant gave, as on the progress page",
    )


class FollowUpOut(Schema):
    callback_due: datetime.date
    rectify_due: datetime.date


class RatingOut(Schema):
    id: int
    level: int
    bad: bool
    follow_up: FollowUpOut | None


def rating_out(rating: Rating) -> RatingOut:
    follow_up = getattr(rating, "follow_up", None)
    return RatingOut(
        id=rating.pk,
        level=rating.level,
        bad=rating.is_bad,
        follow_up=(
            FollowUpOut(callback_due=follow_up.callback_due, rectify_due=follow_up.rectify_due)
            if follow_up
            else None
        ),
    )


@router.post("t/{follow_token}/evaluation", response={201: RatingOut}, auth=OPTIONAL_AUTH)
def rate_ticket(request: HttpRequest, follow_token: str, payload: RatingIn) -> Status:
    """Rate a finished ticket once (一次一评). Again: 409 `already_evaluated`; before it is
    finished: 409 `not_finished`; a staff session: 403 `staff_cannot_rate`."""
    refuse_staff(request)
    return _rate(services.Served.of_ticket(ticket_by_follow_token(follow_token)), payload)


@router.post("cases/{number}/evaluation", response={201: RatingOut}, auth=OPTIONAL_AUTH)
def rate_case(request: HttpRequest, number: str, payload: CaseRatingIn) -> Status:
    """Rate a concluded case once (一事一评), found by its number and the applicant's last
    four characters. Again: 409 `already_evaluated`; not concluded: 409 `not_finished`;
    wrong digits: 404 (wrong tries lock the number a while, 429)."""
    refuse_staff(request)
    return _rate(services.Served.of_case(case_to_rate(number[:32], payload.digits)), payload)


def _rate(served: services.Served, payload: RatingIn) -> Status:
    rating = services.rating_give(
        served=served,
        level=payload.level,
        tags=payload.tags,
        comment=payload.comment,
        mobile=payload.mobile,
        channel=RatingChannel.PHONE,
        via="api",
    )
    return Status(201, rating_out(rating))


# --- complaints and suggestions (V4) -------------------------------------------------------------


class ComplaintIn(Schema):
    kind: ComplaintKind = ComplaintKind.COMPLAINT
    content: str = Field(..., max_length=2000)
    window: int | None = Field(None, ge=1, le=999, description="the window's number")
    anonymous: bool = False
    name: str = Field("", max_length=100)
    phone: str = Field("", max_length=20)
    id_number: str = Field("", max_length=20)
    channel: ComplaintChannel | None = Field(
        None, description="staff recording it: where it came from (the public: online)"
    )
    hotline_reference: str = Field("", max_length=40)
    category: ComplaintCategory | None = None


class ComplaintCreatedOut(Schema):
    id: int
    number: str
    follow_url: str = Field(..., description="the complainant's page: the reply, and rating it")
    due_date: datetime.date


class ComplaintOut(Schema):
    id: int
    number: str
    kind: str
    channel: str
    category: str
    content: str
    status: str
    due_date: datetime.date
    escalated: bool
    department: str | None
    staff: str | None
    window: int | None
    finding: str
    reply: str
    handling_level: int | None
    anonymous: bool
    complainant: dict[str, str] | None = Field(
        ..., description="name and masked phone; null unless this caller may know who it is"
    )


def complaint_out(complaint: Complaint, *, identity: bool) -> ComplaintOut:
    return ComplaintOut(
        id=complaint.pk,
        number=complaint.number,
        kind=complaint.kind,
        channel=complaint.channel,
        category=complaint.category,
        content=complaint.content,
        status=complaint.status,
        due_date=complaint.due_date,
        escalated=complaint.escalated_at is not None,
        department=complaint.department.name if complaint.department else None,
        staff=str(complaint.staff) if complaint.staff else None,
        window=complaint.window.number if complaint.window else None,
        finding=complaint.finding,
        reply=complaint.reply,
        handling_level=complaint.handling_level,
        anonymous=complaint.anonymous,
        complainant=(
            {"name": complaint.complainant_name, "phone": str(complaint.complainant_phone)}
            if identity and not complaint.anonymous
            else None
        ),
    )


@router.post("halls/{hall}/complaints", response={201: ComplaintCreatedOut}, auth=OPTIONAL_AUTH)
def complaint_create(request: HttpRequest, hall: str, payload: ComplaintIn) -> Status:
    """A complaint or suggestion, anonymous or named. The public's come in as `online`
    (so many an hour from one address); the office's with the channel it came by."""
    user = request.user
    if isinstance(user, User) and user.has_perm("evaluation.add_complaint"):
        the_hall = access_hall(user, hall)
        channel = payload.channel or ComplaintChannel.ON_SITE
        actor: User | None = user
    else:
        the_hall = public_hall(hall)
        limit_online_complaints(the_hall, request)
        channel, actor = ComplaintChannel.ONLINE, None
    window = (
        Window.objects.filter(hall=the_hall, number=payload.window).first()
        if payload.window
        else None
    )
    complaint = services.complaint_record(
        hall=the_hall,
        data=services.ComplaintIn(
            kind=payload.kind,
            channel=channel,
            content=payload.content,
            category=payload.category or "",
            hotline_reference=payload.hotline_reference,
            anonymous=payload.anonymous,
            name=payload.name,
            phone=payload.phone,
            id_number=payload.id_number,
            window=window,
        ),
        actor=actor,
        via="api",
    )
    return Status(
        201,
        ComplaintCreatedOut(
            id=complaint.pk,
            number=complaint.number,
            follow_url=public_link(the_hall, "complaint-follow", complaint.token),
            due_date=complaint.due_date,
        ),
    )


@router.get("halls/{hall}/complaints", response=list[ComplaintOut])
def complaint_list(request: HttpRequest, hall: str, status: str = "") -> list[ComplaintOut]:
    """The office's all; a head's those of their departments (never one about themselves).
    Who complained only for whoever may know it."""
    user = request_user(request)
    complaints = complaints_in_charge(user, access_hall(user, hall))
    if status:
        complaints = complaints.filter(status=status[:10])
    return [
        complaint_out(c, identity=sees_complainant(user, c))
        for c in selectors.complaints_listed(complaints)[:500]
    ]


class AssignIn(Schema):
    department: int = Field(..., ge=1, le=BIG_INTEGER, description="the department's id")
    staff: int | None = Field(None, ge=1, le=BIG_INTEGER)
    window: int | None = Field(None, ge=1, le=999, description="the window's number")
    category: ComplaintCategory | None = None


class ReplyIn(Schema):
    finding: ComplaintFinding
    reply: str = Field(..., max_length=1000)


def _complaint_for(
    request: HttpRequest, complaint_id: int, *, office: bool
) -> tuple[Complaint, User]:
    user = request_user(request)
    if office:
        require_permission(user, OFFICE)
    hall = user.hall
    complaint = (
        complaints_in_charge(user, hall).filter(pk=complaint_id).first()
        if hall is not None and 0 < complaint_id <= BIG_INTEGER
        else None
    )
    if complaint is None:
        raise NotFound()
    return complaint, user


@router.post("complaints/{complaint_id}/assign", response=ComplaintOut)
def complaint_assign(request: HttpRequest, complaint_id: int, payload: AssignIn) -> ComplaintOut:
    complaint, user = _complaint_for(request, complaint_id, office=True)
    hall = complaint.hall
    department = Department.objects.filter(hall=hall, pk=payload.department).first()
    if department is None:
        raise InvalidInput()
    complaint = services.complaint_assign(
        complaint=complaint,
        actor=user,
        department=department,
        staff=User.objects.filter(hall=hall, pk=payload.staff).first() if payload.staff else None,
        window=Window.objects.filter(hall=hall, number=payload.window).first()
        if payload.window
        else None,
        category=payload.category or "",
        via="api",
    )
    return complaint_out(complaint, identity=True)


@router.post("complaints/{complaint_id}/reply", response=ComplaintOut)
def complaint_reply(request: HttpRequest, complaint_id: int, payload: ReplyIn) -> ComplaintOut:
    complaint, user = _complaint_for(request, complaint_id, office=False)
    complaint = services.complaint_reply(
        complaint=complaint, actor=user, finding=payload.finding, reply=payload.reply, via="api"
    )
    return complaint_out(complaint, identity=sees_complainant(user, complaint))


@router.post("complaints/{complaint_id}/close", response=ComplaintOut)
def complaint_close(request: HttpRequest, complaint_id: int) -> ComplaintOut:
    complaint, user = _complaint_for(request, complaint_id, office=True)
    complaint = services.complaint_close(complaint=complaint, actor=user, via="api")
    return complaint_out(complaint, identity=True)
