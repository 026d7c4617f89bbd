"""Complaints and suggestions (V4): recorded from every channel, assigned, answered,
escalated when late, rated by the complainant; each step audited."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.cases.choices import Warning
from hall.core import calendar, identifiers
from hall.core.audit import audit_record
from hall.core.counters import next_value
from hall.core.errors import InvalidInput, ReasonRequired
from hall.core.events import emit
from hall.core.inputs import clean_text, required_text
from hall.core.links import public_link
from hall.core.models import Department, Hall, User, Window
from hall.core.outbox import outbox_enqueue, outbox_tell
from hall.core.selectors import hall_office
from hall.evaluation import selectors
from hall.evaluation.choices import (
    ComplaintCategory,
    ComplaintChannel,
    ComplaintFinding,
    ComplaintKind,
    ComplaintStatus,
    Level,
)
from hall.evaluation.errors import (
    AlreadyEvaluated,
    ComplaintWrongState,
    LevelOutOfRange,
    NotYourRating,
)
from hall.evaluation.events import ComplaintAnswered
from hall.evaluation.models import (
    Complaint,
    ComplaintCounter,
)

if TYPE_CHECKING:
    pass

from hall.evaluation.services.ratings import note_cleaned

CONTENT_LENGTH = 2000
REPLY_LENGTH = 1000


@dataclass(frozen=True)
class ComplaintIn:
    """A complaint as recorded: by the person on the hall page, or by the office from the
    phone, a letter, the counter or a 12345 transfer."""

    kind: ComplaintKind
    channel: ComplaintChannel
    content: str
    category: str = ""
    hotline_reference: str = ""
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    id_number: str = ""
    department: Department | None = None
    window: Window | None = None


def _complainant(data: ComplaintIn) -> tuple[str, str, str]:
    """Name, phone and ID number, checked; none of them for an anonymous complaint."""
    if data.anonymous:
        return "", "", ""
    name = clean_text(data.name).strip()[:100]
    phone = identifiers.validate_mobile(data.phone) if data.phone.strip() else ""
    id_number = identifiers.validate_resident_id(data.id_number) if data.id_number.strip() else ""
    return name, phone, id_number


def complaint_record(
    *, hall: Hall, data: ComplaintIn, actor: User | None, via: str = ""
) -> Complaint:
    """Record a complaint or suggestion with its reply-by date in the hall's working days;
    a named complainant with a phone is told its number by SMS."""
    content = required_text(
        data.content, length=CONTENT_LENGTH, missing=_("Say what happened, or what you suggest.")
    )
    if data.category and data.category not in ComplaintCategory.values:
        raise InvalidInput(_("Choose a category from the list."))
    reference = clean_text(data.hotline_reference).strip()[:40]
    if data.channel == ComplaintChannel.HOTLINE and not reference:
        raise ReasonRequired(_("A 12345 transfer needs its reference number."))
    for place in (data.department, data.window):
        if place is not None and place.hall_id != hall.pk:
            raise InvalidInput()
    name, phone, id_number = _complainant(data)
    rules = selectors.evaluation_settings(hall)
    today = timezone.localdate()
    due = calendar.add_working_days(today, rules.complaint_working_days).date
    with transaction.atomic():
        sequence = next_value(ComplaintCounter, hall=hall, year=today.year)
        complaint = Complaint.objects.create(
            hall=hall,
            number=f"TS{today.year}{sequence:05d}",
            token=secrets.token_urlsafe(16),
            kind=data.kind,
            channel=data.channel,
            hotline_reference=reference,
            category=data.category,
            content=content,
            anonymous=data.anonymous,
            complainant_name=name,
            complainant_phone=phone,
            complainant_id_number=id_number,
            department=data.department,
            window=data.window,
            received_by=actor,
            due_date=due,
        )
        audit_record(
            actor=actor,
            action="evaluation.complaint_received",
            target=complaint,
            hall=hall,
            changes={"status": [None, complaint.status], "channel": [None, data.channel]},
            via=via,
        )
        if phone:
            _tell_complainant(
                complaint,
                _(
                    "%(hall)s: we received your %(kind)s %(number)s and will reply by "
                    "%(due)s: %(link)s"
                ),
                step="received",
            )
    return complaint


def _tell_complainant(complaint: Complaint, text: str, *, step: str) -> None:
    phone = complaint.complainant_phone
    if not phone:
        return
    outbox_enqueue(
        hall=complaint.hall,
        mobile=phone.plaintext,
        text=text
        % {
            "hall": complaint.hall.name,
            "kind": complaint.get_kind_display(),
            "number": complaint.number,
            "due": complaint.due_date,
            "link": public_link(complaint.hall, "complaint-follow", complaint.token),
        },
        dedupe_key=f"complaint-{complaint.pk}-{step}",
    )


def _lock_complaint(complaint: Complaint, allowed: tuple[str, ...]) -> Complaint:
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("hall")
        .get(pk=complaint.pk)
    )
    if locked.status not in allowed:
        raise ComplaintWrongState(status=locked.get_status_display())
    return locked


@transaction.atomic
def complaint_assign(
    *,
    complaint: Complaint,
    actor: User,
    department: Department,
    staff: User | None = None,
    window: Window | None = None,
    category: str = "",
    via: str = "",
) -> Complaint:
    """The office classifies the complaint and hands it to a department (again, when it went
    to the wrong one), naming the member of staff and window when known."""
    locked = _lock_complaint(complaint, (ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED))
    hall_id = locked.hall_id
    if department.hall_id != hall_id or (window is not None and window.hall_id != hall_id):
        raise InvalidInput()
    if staff is not None and staff.hall_id != hall_id:
        raise InvalidInput()
    if category and category not in ComplaintCategory.values:
        raise InvalidInput(_("Choose a category from the list."))
    before = locked.status
    locked.department = department
    locked.staff = staff
    locked.window = window
    locked.category = category or locked.category
    locked.status = ComplaintStatus.ASSIGNED
    locked.assigned_at = timezone.now()
    locked.save(
        update_fields=["department", "staff", "window", "category", "status", "assigned_at"]
    )
    audit_record(
        actor=actor,
        action="evaluation.complaint_assigned",
        target=locked,
        hall=locked.hall,
        changes={"status": [before, locked.status], "department": [None, department.pk]},
        via=via,
    )
    return locked


@transaction.atomic
def complaint_reply(
    *, complaint: Complaint, actor: User, finding: str, reply: str, via: str = ""
) -> Complaint:
    """The department's finding and its reply to the complainant, who is told by SMS and may
    rate the handling; a substantiated complaint is recorded against the member of staff
    and the window (V4, and their score, V5)."""
    locked = _lock_complaint(complaint, (ComplaintStatus.ASSIGNED,))
    if finding not in ComplaintFinding.values:
        raise InvalidInput(_("Choose what was found."))
    if locked.staff_id == actor.pk:
        raise NotYourRating(_("Nobody answers a complaint about themselves."))
    locked.finding = finding
    locked.reply = note_cleaned(
        reply, missing=_("Write the reply the person is sent."), length=REPLY_LENGTH
    )
    locked.replied_at = timezone.now()
    locked.replied_by = actor
    locked.status = ComplaintStatus.REPLIED
    locked.save(update_fields=["finding", "reply", "replied_at", "replied_by", "status"])
    audit_record(
        actor=actor,
        action="evaluation.complaint_replied",
        target=locked,
        hall=locked.hall,
        changes={"status": [ComplaintStatus.ASSIGNED, locked.status], "finding": [None, finding]},
        via=via,
    )
    _tell_complainant(
        locked,
        _(
            "%(hall)s: your %(kind)s %(number)s has been answered. See the reply and rate "
            "it: %(link)s"
        ),
        step="replied",
    )
    emit(
        ComplaintAnswered(
            hall_id=locked.hall_id,
            complaint_id=locked.pk,
            against_staff=locked.against_staff,
            staff_id=locked.staff_id,
            window_id=locked.window_id,
            department_id=locked.department_id,
        )
    )
    return locked


@transaction.atomic
def complaint_close(*, complaint: Complaint, actor: User, via: str = "") -> Complaint:
    locked = _lock_complaint(complaint, (ComplaintStatus.REPLIED,))
    locked.status = ComplaintStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="evaluation.complaint_closed",
        target=locked,
        hall=locked.hall,
        changes={"status": [ComplaintStatus.REPLIED, ComplaintStatus.CLOSED]},
        via=via,
    )
    return locked


@transaction.atomic
def complaint_open_identity(
    *, complaint: Complaint, actor: User, reason: str, via: str = ""
) -> Complaint:
    """The office opens who complained to the department handling it (never to the member
    of staff complained about), with the reason, in the audit."""
    locked = _lock_complaint(complaint, tuple(ComplaintStatus.values))
    if locked.identity_opened_at is None:
        locked.identity_opened_at = timezone.now()
        locked.save(update_fields=["identity_opened_at"])
        audit_record(
            actor=actor,
            action="evaluation.complaint_identity_opened",
            target=locked,
            hall=locked.hall,
            reason=note_cleaned(
                reason, missing=_("Say why the department needs to know who it is.")
            ),
            via=via,
        )
    return locked


@transaction.atomic
def complaint_rate_handling(*, complaint: Complaint, level: int, via: str = "") -> Complaint:
    """The complainant rates how the complaint was handled, once, after the reply."""
    if level not in Level.values:
        raise LevelOutOfRange()
    locked = _lock_complaint(complaint, (ComplaintStatus.REPLIED, ComplaintStatus.CLOSED))
    if locked.handling_level is not None:
        raise AlreadyEvaluated()
    locked.handling_level = level
    locked.handling_rated_at = timezone.now()
    locked.save(update_fields=["handling_level", "handling_rated_at"])
    audit_record(
        actor=None,
        action="evaluation.complaint_rated",
        target=locked,
        hall=locked.hall,
        changes={"handling_level": [None, level]},
        via=via,
    )
    return locked


def complaints_escalate(*, today: datetime.date) -> int:
    """Complaints not answered by their date go to the office (red, once), by SMS to the
    hall's administrators and on the dashboard; answers how many were escalated."""
    late = Complaint.objects.filter(
        status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED),
        due_date__lt=today,
        escalated_at__isnull=True,
    ).select_related("hall")
    escalated = 0
    for complaint in late.iterator():
        with transaction.atomic():
            if not Complaint.objects.filter(pk=complaint.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now(), warning=Warning.RED
            ):
                continue
            escalated += 1
            audit_record(
                actor=None,
                action="evaluation.complaint_escalated",
                target=complaint,
                hall=complaint.hall,
                via="job",
            )
            outbox_tell(
                hall=complaint.hall,
                people=hall_office(complaint.hall),
                text=_("%(number)s was not answered by %(due)s: escalated to the office.")
                % {"number": complaint.number, "due": complaint.due_date},
                dedupe_key=f"complaint-{complaint.pk}-escalated",
            )
    return escalated
