"""Every write of a case (C1-C7). One table says which step is allowed from which state;
each step locks the case row, checks who acts, records history and audit, and recomputes
the clock in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.cases import clock, documents
from hall.cases.access import require_case_permission, works_for
from hall.cases.choices import (
    AWAITING_DECISION,
    CLOCK_RUNNING,
    ApplicantKind,
    CaseStatus,
    DeliveryMethod,
    Outcome,
    TaskStatus,
    Warning,
)
from hall.cases.errors import (
    ApplicantIncomplete,
    CaseWrongState,
    ExtensionTooLong,
    JointReviewOpen,
    MaterialsMissing,
    NothingMissing,
    NotInFirstNotice,
    TicketAlreadyLinked,
    UnknownMaterial,
)
from hall.cases.events import CaseAccepted, CaseConcluded, CaseOverdue, CaseReceived
from hall.cases.models import (
    Case,
    CaseCounter,
    CaseEvent,
    CaseSettings,
    CaseTask,
    CaseVisit,
    CorrectionRequest,
)
from hall.core import identifiers
from hall.core.audit import audit_record
from hall.core.counters import next_value
from hall.core.errors import NotFound, PermissionDenied, ReasonRequired
from hall.core.events import emit
from hall.core.models import Department, Hall, User
from hall.core.outbox import outbox_tell
from hall.core.selectors import department_heads, hall_settings
from hall.staff import selectors as staffing

if TYPE_CHECKING:  # types only: other apps' models are read through their selectors
    from hall.catalog.models import Material, ServiceItemVersion
    from hall.queueing.models import Ticket

# Which step may start from which state (C2): the one list of the state machine.
ALLOWED_FROM: dict[str, tuple[CaseStatus, ...]] = {
    "accept": AWAITING_DECISION,
    "refuse": AWAITING_DECISION,
    # The clock stops whenever the applicant corrects materials (C3), at any stage it runs.
    "request_corrections": (*AWAITING_DECISION, *CLOCK_RUNNING),
    "resubmit": (CaseStatus.CORRECTION_REQUESTED,),
    "start": (CaseStatus.ACCEPTED,),
    "joint_review": (CaseStatus.IN_PROCESS,),
    "submit_for_approval": (CaseStatus.IN_PROCESS,),
    "conclude": (CaseStatus.APPROVAL, CaseStatus.SENT_UP),
    "deliver": (CaseStatus.CONCLUDED,),
    "archive": (CaseStatus.DELIVERED, CaseStatus.REFUSED),
    "extend": CLOCK_RUNNING,
    "link_ticket": tuple(CaseStatus),
}
HANDLE = "cases.handle_case"
APPROVE = "cases.approve_case"

# Who may take a step (by default, whoever handles cases), where it depends on the case: the
# one table the services enforce and the case page reads to offer a step.
NEEDS: dict[str, Callable[[Case], str]] = {
    # The preliminary opinion that goes up is the chief representative's to give.
    "submit_for_approval": lambda case: HANDLE if case.service.delegated_approval else APPROVE,
    # On site only the chief representative decides; for a case sent up, the window records
    # the decision that came back.
    "conclude": lambda case: APPROVE if case.status == CaseStatus.APPROVAL else HANDLE,
    "extend": lambda case: "cases.approve_extension",
}


def permission_needed(action: str, case: Case) -> str:
    return NEEDS[action](case) if action in NEEDS else HANDLE


def steps_open_to(actor: User, case: Case) -> set[str]:
    """The steps `actor` may take on the case now: its state, their permission and
    department, and on site the chief representative's scope (what _take enforces)."""
    if not works_for(actor, case.department):
        return set()
    return {
        action
        for action, states in ALLOWED_FROM.items()
        if case.status in states
        and actor.has_perm(permission_needed(action, case))
        and _within_scope(actor, action, case)
    }


def _within_scope(actor: User | None, action: str, case: Case) -> bool:
    """S1: a case waiting on site (待现场审批) is decided only within the chief
    representative's scope of items."""
    if action != "conclude" or case.status != CaseStatus.APPROVAL:
        return True
    return staffing.within_chief_scope(actor, case.service.item_id)


@dataclass(frozen=True)
class Applicant:
    name: str
    kind: ApplicantKind = ApplicantKind.PERSON
    id_number: str = ""
    credit_code: str = ""
    phone: str = ""


def case_settings(hall: Hall) -> CaseSettings:
    return hall_settings(CaseSettings, hall.pk)


def _today() -> datetime.date:
    return timezone.localdate()


def _record(
    case: Case,
    action: str,
    *,
    actor: User | None,
    before: str,
    reason: str = "",
    via: str = "",
    **detail: Any,
) -> None:
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        action=action,
        from_status=before,
        to_status=case.status,
        reason=reason,
        detail=detail,
    )
    audit_record(
        actor=actor,
        action=f"case.{action}",
        target=case,
        hall=case.hall,
        changes={
            "status": [before or None, case.status],
            **{k: [None, str(v)] for k, v in detail.items()},
        },
        reason=reason,
        via=via,
    )


def _about(case: Case) -> dict[str, Any]:
    """What every case event says of its case."""
    return {
        "hall_id": case.hall_id,
        "case_id": case.pk,
        "number": case.number,
        "department_id": case.department_id,
    }


def _recompute_due(case: Case) -> None:
    if case.accepted_on is None:
        case.due_date = None
        return
    case.due_date = clock.due_date(
        accepted_on=case.accepted_on,
        limit_days=case.service.promised_limit_days,
        extension_days=case.extension_days,
        paused_days=case.paused_working_days,
    ).date


def _lock(case: Case, action: str) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("hall", "service__item", "department")
        .get(pk=case.pk)
    )
    if locked.status not in ALLOWED_FROM[action]:
        raise CaseWrongState(number=locked.number, status=locked.get_status_display())
    return locked


@transaction.atomic
def _take(
    action: str,
    case: Case,
    *,
    actor: User | None,
    via: str,
    step: Callable[[Case], dict[str, Any]],
) -> Case:
    """Take `step` on the case locked, in an allowed state, by someone allowed to take it
    (NEEDS); the step says what to record in the history."""
    locked = _lock(case, action)
    require_case_permission(actor, locked.department, permission_needed(action, locked))
    if not _within_scope(actor, action, locked):
        raise PermissionDenied()
    before = locked.status
    detail = step(locked)
    locked.save()
    _record(locked, action, actor=actor, before=before, via=via, **detail)
    return locked


# --- intake (C1) -----------------------------------------------------------------------


def _next_number(hall: Hall, day: datetime.date) -> str:
    """DEMO202611270001: the hall, the day, and the day's count."""
    return f"{hall.code.upper()}{day:%Y%m%d}{next_value(CaseCounter, hall=hall, day=day):04d}"


def _validated(applicant: Applicant) -> Applicant:
    name = applicant.name.strip()
    if not name:
        raise ApplicantIncomplete()
    id_number = credit_code = ""
    if applicant.kind == ApplicantKind.PERSON:
        if not applicant.id_number:
            raise ApplicantIncomplete()
        id_number = identifiers.validate_resident_id(applicant.id_number)
    else:
        if not applicant.credit_code:
            raise ApplicantIncomplete()
        credit_code = identifiers.validate_credit_code(applicant.credit_code)
    phone = identifiers.validate_mobile(applicant.phone) if applicant.phone else ""
    return Applicant(name, applicant.kind, id_number, credit_code, phone)


def _materials(version: ServiceItemVersion, codes: Iterable[str]) -> list[Material]:
    by_code = {m.code: m for m in version.materials.all()}
    chosen = []
    for code in dict.fromkeys(codes):
        if code not in by_code:
            raise UnknownMaterial(code=code)
        chosen.append(by_code[code])
    return chosen


def missing_required(case: Case) -> list[Material]:
    received = set(case.materials_received.values_list("pk", flat=True))
    return [m for m in case.service.materials.all() if m.required and m.pk not in received]


@transaction.atomic
def case_receive(
    *,
    actor: User | None,
    hall: Hall,
    service: ServiceItemVersion,
    applicant: Applicant,
    materials: Iterable[str],
    ticket: Ticket | None = None,
    via: str = "",
) -> Case:
    """收件: the materials are at the window. A required one missing means the one-time
    notice at once, listing every missing one."""
    applicant = _validated(applicant)
    received = _materials(service, materials)
    now = timezone.now()
    today = timezone.localdate(now)
    case = Case(
        hall=hall,
        number=_next_number(hall, today),
        service=service,
        department=service.department,
        handler=actor,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_credit_code=applicant.credit_code,
        applicant_phone=applicant.phone,
        applicant_id_tail=(applicant.id_number or applicant.credit_code)[-4:],
        applicant_phone_tail=applicant.phone[-4:],
        received_at=now,
        materials_arrived_on=today,
    )
    require_case_permission(actor, case.department, HANDLE)
    case.save()
    case.materials_received.set(received)
    _record(case, "receive", actor=actor, before="", via=via, service=service.item.code)
    emit(CaseReceived(**_about(case), service_item_id=service.item_id))
    if ticket is not None:
        _link(case, ticket, actor=actor, via=via)
    missing = missing_required(case)
    if missing:
        return case_request_corrections(
            case=case, actor=actor, missing=[m.code for m in missing], via=via
        )
    return case


def case_accept(*, case: Case, actor: User | None, via: str = "") -> Case:
    """受理: the clock starts; the acceptance day itself is not counted."""

    def step(case: Case) -> dict[str, Any]:
        missing = missing_required(case)
        if missing:
            raise MaterialsMissing(names="、".join(m.name for m in missing))
        case.status = CaseStatus.ACCEPTED
        case.accepted_on = _today()
        _recompute_due(case)
        emit(CaseAccepted(**_about(case), due_date=case.due_date, deemed=False))
        return {"due_date": case.due_date}

    return _take("accept", case, actor=actor, via=via, step=step)


def case_refuse(*, case: Case, actor: User | None, reason: str, via: str = "") -> Case:
    """不予受理, with the reason the refusal notice gives."""

    def step(case: Case) -> dict[str, Any]:
        if not reason.strip():
            raise ReasonRequired()
        case.status = CaseStatus.REFUSED
        case.refusal_reason = reason.strip()
        return {"reason": case.refusal_reason}

    return _take("refuse", case, actor=actor, via=via, step=step)


def case_request_corrections(
    *, case: Case, actor: User | None, missing: Iterable[str], note: str = "", via: str = ""
) -> Case:
    """一次性告知: one notice listing everything missing. A later notice may only name what
    the first listed and is still missing or defective. While the clock runs, it stops."""

    def step(case: Case) -> dict[str, Any]:
        listed = _materials(case.service, missing)
        if not listed:
            raise NothingMissing()
        first = case.corrections.order_by("requested_at", "id").first()
        if first is not None:
            named_first = set(first.missing.values_list("pk", flat=True))
            new = [m.name for m in listed if m.pk not in named_first]
            if new:
                raise NotInFirstNotice(names="、".join(new))
        status_before = case.status if case.status in CLOCK_RUNNING else ""
        if status_before:
            case.clock_paused_on = _today()
        case.materials_received.remove(*listed)
        notice = CorrectionRequest.objects.create(
            case=case,
            requested_at=timezone.now(),
            requested_by=actor,
            note=note.strip(),
            status_before=status_before,
        )
        notice.missing.set(listed)
        case.status = CaseStatus.CORRECTION_REQUESTED
        return {"missing": [m.code for m in listed]}

    return _take("request_corrections", case, actor=actor, via=via, step=step)


def case_resubmit(
    *, case: Case, actor: User | None, materials: Iterable[str], via: str = ""
) -> Case:
    """补正: the missing materials arrive; a stopped clock runs again from today, and the case
    goes back to where it was."""

    def step(case: Case) -> dict[str, Any]:
        received = _materials(case.service, materials)
        case.materials_received.add(*received)
        today = _today()
        notice = (
            case.corrections.filter(resubmitted_on__isnull=True).order_by("requested_at").last()
        )
        CorrectionRequest.objects.filter(case=case, resubmitted_on__isnull=True).update(
            resubmitted_on=today
        )
        if case.clock_paused_on is not None:
            stopped = clock.working_days_between(case.clock_paused_on, today)
            case.paused_working_days += stopped
            case.clock_paused_on = None
            back = notice.status_before if notice is not None else ""
            case.status = CaseStatus(back) if back else CaseStatus.IN_PROCESS
            _recompute_due(case)
            return {"materials": [m.code for m in received], "clock_stopped_days": stopped}
        case.status = CaseStatus.RESUBMITTED
        case.materials_arrived_on = today
        return {"materials": [m.code for m in received]}

    return _take("resubmit", case, actor=actor, via=via, step=step)


# --- processing and approval (C2) --------------------------------------------------------


def case_start(*, case: Case, actor: User | None, via: str = "") -> Case:

    def step(case: Case) -> dict[str, Any]:
        case.status = CaseStatus.IN_PROCESS
        return {}

    return _take("start", case, actor=actor, via=via, step=step)


def case_start_joint_review(
    *, case: Case, actor: User | None, departments: Iterable[Department], via: str = ""
) -> Case:
    """联审联办: each department gets a task; approval waits until every one is done."""

    def step(case: Case) -> dict[str, Any]:
        chosen = [d for d in departments if d.hall_id == case.hall_id]
        for department in chosen:
            CaseTask.objects.get_or_create(case=case, department=department)
        return {"departments": [d.code for d in chosen]}

    return _take("joint_review", case, actor=actor, via=via, step=step)


@transaction.atomic
def case_task_complete(*, task: CaseTask, actor: User, opinion: str, via: str = "") -> CaseTask:
    """A department's opinion in a joint review (by that department's staff)."""
    locked = (
        CaseTask.objects.select_for_update(of=("self",))
        .select_related("case__hall")
        .get(pk=task.pk)
    )
    if locked.status == TaskStatus.DONE:
        raise CaseWrongState(number=locked.case.number, status=locked.get_status_display())
    require_case_permission(actor, locked.department, HANDLE)
    if not opinion.strip():
        raise ReasonRequired()
    locked.status = TaskStatus.DONE
    locked.opinion = opinion.strip()
    locked.done_by = actor
    locked.done_at = timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        action="case.task_done",
        target=locked.case,
        changes={"department": [None, locked.department.code]},
        via=via,
    )
    return locked


def case_submit_for_approval(
    *, case: Case, actor: User | None, opinion: str = "", via: str = ""
) -> Case:
    """To the chief representative on site when the item's approval is delegated to the
    window; otherwise the preliminary opinion (初审意见) goes up and the case waits."""

    def step(case: Case) -> dict[str, Any]:
        open_tasks = case.tasks.filter(status=TaskStatus.OPEN).select_related("department")
        if open_tasks:
            raise JointReviewOpen(departments="、".join(t.department.name for t in open_tasks))
        if case.service.delegated_approval:
            case.status = CaseStatus.APPROVAL
            return {}
        if not opinion.strip():
            raise ReasonRequired(_("Give the preliminary opinion that goes up."))
        case.preliminary_opinion = opinion.strip()
        case.status = CaseStatus.SENT_UP
        return {"opinion": case.preliminary_opinion}

    return _take("submit_for_approval", case, actor=actor, via=via, step=step)


def case_conclude(
    *, case: Case, actor: User | None, outcome: Outcome, note: str = "", via: str = ""
) -> Case:
    """办结: approved or rejected; the clock stops."""

    def step(case: Case) -> dict[str, Any]:
        case.status = CaseStatus.CONCLUDED
        case.outcome = outcome
        case.conclusion_note = note.strip()
        case.concluded_on = _today()
        case.warning = Warning.NONE
        late = case.due_date is not None and case.concluded_on > case.due_date
        emit(CaseConcluded(**_about(case), outcome=outcome, handler_id=case.handler_id, late=late))
        return {"outcome": outcome}

    return _take("conclude", case, actor=actor, via=via, step=step)


def case_deliver(*, case: Case, actor: User | None, method: DeliveryMethod, via: str = "") -> Case:

    def step(case: Case) -> dict[str, Any]:
        case.status = CaseStatus.DELIVERED
        case.delivery_method = method
        case.delivered_on = _today()
        return {"method": method}

    return _take("deliver", case, actor=actor, via=via, step=step)


def case_archive(*, case: Case, actor: User | None, via: str = "") -> Case:
    """业务档案: kept with its materials list, history and a PDF of each of its documents
    until the retention date. The PDFs are made before the transaction (they take a while);
    they are stored in it, so an archived case always has its copies (a file written before a
    rollback is only an orphan, never a missing copy)."""
    return _archive(case=case, actor=actor, via=via, copies=documents.archive_copies(case))


def _archive(
    *, case: Case, actor: User | None, copies: list[documents.Copy], via: str = ""
) -> Case:

    def step(case: Case) -> dict[str, Any]:
        documents.keep(case, copies)
        today = _today()
        years = case_settings(case.hall).retention_years
        case.status = CaseStatus.ARCHIVED
        case.archived_on = today
        try:
            case.retain_until = today.replace(year=today.year + years)
        except ValueError:  # 29 February
            case.retain_until = today.replace(year=today.year + years, day=28)
        return {"retain_until": case.retain_until}

    return _take("archive", case, actor=actor, via=via, step=step)


def case_extend(*, case: Case, actor: User | None, days: int, reason: str, via: str = "") -> Case:
    """延期: approved by someone allowed to, with a reason, never past the legal maximum."""

    def step(case: Case) -> dict[str, Any]:
        if not reason.strip():
            raise ReasonRequired()
        room = (
            case.service.longest_limit_days - case.service.promised_limit_days - case.extension_days
        )
        if days < 1 or days > room:
            raise ExtensionTooLong(left=max(room, 0))
        case.extension_days += days
        _recompute_due(case)
        case.warning = Warning.NONE  # warned again against the new date
        return {"days": days, "due_date": case.due_date, "reason": reason.strip()}

    return _take("extend", case, actor=actor, via=via, step=step)


# --- visits (C7) ------------------------------------------------------------------------


def _link(case: Case, ticket: Ticket, *, actor: User | None, via: str) -> None:
    if ticket.hall_id != case.hall_id:
        raise NotFound()
    try:
        with transaction.atomic():
            CaseVisit.objects.create(
                case=case, ticket=ticket, linked_at=timezone.now(), linked_by=actor
            )
            Case.objects.filter(pk=case.pk).update(visit_count=F("visit_count") + 1)
    except IntegrityError:
        raise TicketAlreadyLinked() from None
    case.visit_count += 1
    audit_record(
        actor=actor,
        action="case.ticket_linked",
        target=case,
        changes={"ticket": [None, ticket.number]},
        via=via,
    )


@transaction.atomic
def case_link_ticket(*, case: Case, ticket: Ticket, actor: User | None, via: str = "") -> Case:
    """The window serves this case under this ticket: one more trip for the applicant."""
    locked = _lock(case, "link_ticket")
    require_case_permission(actor, locked.department, HANDLE)
    _link(locked, ticket, actor=actor, via=via)
    return locked


# --- the periodic jobs ------------------------------------------------------------------


def cases_deem_accepted(today: datetime.date | None = None) -> int:
    """超时默认 (C1): no decision and no notice five working days after the materials came."""
    today = today or _today()
    count = 0
    # Five working days are at least five calendar days: newer cases cannot be late yet.
    candidates = Case.objects.filter(
        status__in=AWAITING_DECISION,
        materials_arrived_on__lt=today - datetime.timedelta(days=clock.NOTICE_WORKING_DAYS),
    )
    for case in candidates.select_related("service"):
        if clock.notice_deadline(case.materials_arrived_on) >= today:
            continue
        with transaction.atomic():
            locked = (
                Case.objects.select_for_update(of=("self",))
                .select_related("hall", "service__item")
                .get(pk=case.pk)
            )
            if locked.status not in AWAITING_DECISION:
                continue
            before = locked.status
            locked.status = CaseStatus.ACCEPTED
            locked.accepted_on = locked.materials_arrived_on
            locked.deemed_accepted = True
            _recompute_due(locked)
            locked.save()
            emit(CaseAccepted(**_about(locked), due_date=locked.due_date, deemed=True))
            _record(
                locked,
                "deemed_accepted",
                actor=None,
                before=before,
                reason=_(
                    "No decision and no correction notice within five working days of the "
                    "materials arriving on %(day)s: accepted as of that day "
                    "(行政许可法 §32)."
                )
                % {"day": locked.materials_arrived_on.isoformat()},
                via="job",
            )
            count += 1
    return count


def _warning_for(case: Case, today: datetime.date, warn_days: int) -> Warning:
    if case.due_date is None or case.clock_paused_on is not None:
        return Warning.NONE
    left = clock.working_days_left(case.due_date, today)
    if left < 0:
        return Warning.RED
    if left <= warn_days:
        return Warning.YELLOW
    return Warning.NONE


def cases_warn(today: datetime.date | None = None) -> int:
    """Yellow before the due date, red when overdue: to the handler and the department head,
    once each, through the outbox."""
    today = today or _today()
    sent = 0
    for hall in Hall.objects.filter(cases__status__in=CLOCK_RUNNING).distinct():
        warn_days = case_settings(hall).warn_days_before
        # Only cases that can be within `warn_days` working days: weekends and the longest
        # holiday stretch fit well inside the margin, so no case is missed and the far-off
        # ones are not counted out day by day on every run.
        horizon = today + datetime.timedelta(days=2 * warn_days + 30)
        near = Case.objects.filter(
            hall=hall, status__in=CLOCK_RUNNING, due_date__isnull=False, due_date__lte=horizon
        )
        for case in near.select_related("hall", "handler", "department", "service"):
            sent += _warn(case, _warning_for(case, today, warn_days))
    return sent


def _warn(case: Case, warning: Warning) -> int:
    """Record the case's new warning and tell its people, once; the number of messages."""
    sent = 0
    if warning == Warning.NONE or warning == case.warning:
        return 0
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, warning=case.warning).update(warning=warning)
        if not updated:
            return 0
        if warning == Warning.RED and case.due_date is not None:
            emit(CaseOverdue(**_about(case), due_date=case.due_date, handler_id=case.handler_id))
        sent += outbox_tell(
            hall=case.hall,
            people=_people_to_warn(case),
            text=_warning_text(case, warning),
            dedupe_key=f"case-{case.pk}-{warning}-{case.due_date}",
        )
    return sent


def _people_to_warn(case: Case) -> list[User]:
    people = {u.pk: u for u in department_heads(case.department_id)}
    if case.handler is not None:
        people[case.handler.pk] = case.handler
    return [p for p in people.values() if p.mobile]


def _warning_text(case: Case, warning: Warning) -> str:
    if warning == Warning.RED:
        return _("Case %(number)s (%(service)s) is overdue since %(due)s.") % {
            "number": case.number,
            "service": case.service.name,
            "due": case.due_date,
        }
    return _("Case %(number)s (%(service)s) is due on %(due)s.") % {
        "number": case.number,
        "service": case.service.name,
        "due": case.due_date,
    }


def _delete_archived_copies(case: Case) -> None:
    """The archived PDFs name the applicant too: they go with the personal data."""
    copies = list(case.archived_documents.all())
    files = [copy.file for copy in copies]
    case.archived_documents.all().delete()

    def delete_files() -> None:
        for file in files:
            file.delete(save=False)

    transaction.on_commit(delete_files)


def cases_erase_expired(today: datetime.date | None = None) -> int:
    """After the retention date the personal data goes; the case stays for the statistics."""
    today = today or _today()
    expired = Case.objects.filter(
        status=CaseStatus.ARCHIVED, retain_until__lt=today, personal_data_erased_on__isnull=True
    )
    count = 0
    for case in expired:
        with transaction.atomic():
            case.applicant_name = _("(erased)")
            case.applicant_id_number = ""
            case.applicant_credit_code = ""
            case.applicant_phone = ""
            case.applicant_id_tail = case.applicant_phone_tail = ""
            case.personal_data_erased_on = today
            case.save()
            _delete_archived_copies(case)
            audit_record(actor=None, action="case.personal_data_erased", target=case, via="job")
            count += 1
    return count
