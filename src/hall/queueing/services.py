"""Every write of the queue: issue, call, recall, start, finish, no-show, transfer, pause.

Each runs in one short transaction that locks what it changes (ARCHITECTURE.md,
"Concurrency"), writes the ticket's history and the audit there, and publishes live events
only after commit.
"""

from __future__ import annotations

import copy
import datetime
import secrets
from collections.abc import Sequence
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core import calendar, identifiers
from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.choices import WindowState
from hall.core.counters import next_value
from hall.core.db.returning import insert_returning
from hall.core.errors import InvalidInput, NotFound, ReasonRequired
from hall.core.events import emit
from hall.core.models import Hall, User, Window
from hall.core.outbox import outbox_enqueue
from hall.core.services import hall_notice_set, window_set_state
from hall.queueing import selectors, statements
from hall.queueing.choices import AT_WINDOW, Channel, NoShowRule, TicketEventKind, TicketStatus
from hall.queueing.errors import (
    CategoryNotFound,
    EmergencyAlreadyOn,
    EmergencyNotOn,
    HallClosedToday,
    IssuingSuspended,
    NoHelpNeeded,
    NotInLine,
    PriorityNotOffered,
    PriorityReasonRequired,
    RecallsRequired,
    TicketNotAtWindow,
    TicketWrongState,
    TransferTargetRequired,
    WindowBusy,
    WindowNotOpen,
)
from hall.queueing.events import (
    EmergencyChanged,
    TicketCalled,
    TicketClosed,
    TicketFinished,
    TicketIssued,
    TicketNoShow,
    TicketStarted,
    TicketTransferred,
    WorkstationOpened,
)
from hall.queueing.models import (
    DailyCounter,
    QueueSettings,
    Ticket,
    TicketCategory,
    TicketEvent,
)

MAX_SMS_AHEAD = 50
CONFIGURE_QUEUE = "queueing.change_queuesettings"


class TicketAction(Protocol):
    """The shape of ticket_recall, ticket_start, ticket_finish and ticket_no_show."""

    def __call__(self, *, ticket: Ticket, actor: User | None, via: str = "") -> Ticket: ...


def _event(
    ticket: Ticket | None,
    kind: TicketEventKind,
    *,
    actor: User | None,
    now: datetime.datetime,
    window: Window | None = None,
    via: str = "",
    reason: str = "",
    detail: dict[str, object] | None = None,
) -> TicketEvent:
    """One step of the ticket's history, not yet written (`_write` writes a request's steps in
    one statement). The history is the ticket's audit record: append-only, with who, when,
    through what and why, so no second audit row is written for it. A call's steps name no
    ticket yet (None): the statement that finishes and claims sets it; the window names the
    hall."""
    named = ticket if ticket is not None else window
    if named is None:
        raise ValueError("a step names its ticket or its window")
    return TicketEvent(
        ticket=ticket,
        hall_id=named.hall_id,
        at=now,
        kind=kind,
        window=window,
        actor=actor if actor is not None and actor.is_authenticated else None,
        via=via,
        reason=reason,
        detail=detail or {},
    )


def _write(*events: TicketEvent) -> list[TicketEvent]:
    return insert_returning(events)


def _record(ticket: Ticket, kind: TicketEventKind, **step: Any) -> TicketEvent:
    """Write one step of the ticket's history, in the caller's transaction."""
    return _write(_event(ticket, kind, **step))[0]


def _about(ticket: Ticket) -> dict[str, Any]:
    """What every ticket event says of its ticket."""
    return {
        "hall_id": ticket.hall_id,
        "ticket_id": ticket.pk,
        "number": ticket.number,
        "category_id": ticket.category_id,
        "follow_token": ticket.follow_token,
    }


def _at(window: Window) -> dict[str, Any]:
    return {"window_id": window.pk, "window_number": window.number, "window_state": window.state}


@transaction.atomic
def ticket_issue(
    *,
    hall: Hall,
    category_code: str,
    channel: Channel,
    priority_code: str | None = None,
    priority_reason: str = "",
    actor: User | None = None,
    mobile: str = "",
    notify_when_ahead: int | None = None,
    via: str = "",
) -> Ticket:
    """Take a number (Q1): A001, A002 … per category, from 1 again every day."""
    now = timezone.now()
    day = timezone.localdate(now)
    rules = selectors.queue_settings(hall)
    if rules.refuse_on_closed_days and not calendar.is_workday(day):
        raise HallClosedToday()
    category = selectors.active_category(hall, category_code)
    if category is None:
        raise CategoryNotFound()
    if rules.suspends(category.code, channel):
        raise IssuingSuspended(reason=rules.emergency_reason)
    priority = None
    priority_reason = priority_reason.strip()
    if priority_code:
        priority = selectors.priority_class(hall, priority_code)
        if priority is None:
            raise PriorityNotOffered()
        if channel == Channel.RECEPTION:
            if not priority_reason:
                raise PriorityReasonRequired()  # 不得私自插队: a given priority is explained
        elif channel != Channel.APPOINTMENT and not priority.offered_at_kiosk:
            raise PriorityNotOffered()  # a check-in's priority is the booking's, not chosen
    if mobile:
        mobile = identifiers.validate_mobile(mobile)
    if notify_when_ahead is not None and not (mobile and 0 < notify_when_ahead <= MAX_SMS_AHEAD):
        raise InvalidInput(_("Give a mobile number and a number of people between 1 and 50."))
    sequence = next_value(DailyCounter, hall=hall, category=category, day=day)
    head_start = datetime.timedelta(minutes=priority.head_start_minutes if priority else 0)
    (ticket,) = insert_returning(
        [
            Ticket(
                hall=hall,
                category=category,
                service_day=day,
                sequence=sequence,
                number=f"{category.prefix}{sequence:03d}",
                channel=channel,
                priority=priority,
                priority_reason=priority_reason,
                arrived_at=now,
                queued_at=now - head_start,
                issued_by=actor,
                follow_token=secrets.token_urlsafe(16),
                mobile=mobile,
                notify_when_ahead=notify_when_ahead,
            )
        ]
    )
    _record(
        ticket, TicketEventKind.ISSUED, actor=actor, now=now, via=via, detail={"channel": channel}
    )
    emit(TicketIssued(**_about(ticket)))
    return ticket


def _lock_window(window: Window) -> tuple[Window, statements.WindowUnderLock]:
    """The window under its row lock, its state read afresh, and what is at it and sent to it:
    the same window's double click waits here."""
    under_lock = statements.lock_window(window.pk)
    locked = copy.copy(window)  # its number, zone and hall do not change under a call
    locked.state = under_lock.state
    return locked, under_lock


def _ensure_free(under_lock: statements.WindowUnderLock) -> None:
    """One person at a time: the ticket at the window is finished (or moved) first."""
    if under_lock.busy_with is not None:
        number = Ticket.objects.values_list("number", flat=True).get(pk=under_lock.busy_with)
        raise WindowBusy(number=number)


def _lines(
    window: Window, *, line_of: Window | None = None, has_transfers: bool = True
) -> list[statements.Line]:
    """Where the next ticket for this window is looked for, in order: those transferred to the
    window first, then each category of its work profile in order of preference, each in queue
    order; `line_of` takes them from another window's line instead (helping it, 跨窗通办).
    The window's lock already told whether anything was transferred to it."""
    line = line_of or window
    profile = selectors.work_profile(line)
    lines: list[statements.Line] = []
    if line_of is not None or has_transfers:
        lines.append(statements.Line(sent_to=line.pk))
    for preference in sorted({p for _c, p in profile}):
        lines.append(statements.Line(categories=[c for c, p in profile if p == preference]))
    return lines


def _mark_done(ticket_id: int, now: datetime.datetime, *, at: Window | None = None) -> Ticket:
    """Service done, in one guarded statement (at window `at`, already locked, when given)."""
    ticket = statements.mark_done(ticket_id, now, window_id=at.pk if at is not None else None)
    return _finished(ticket, ticket_id, at=at)


def _finished(ticket: Ticket | None, ticket_id: int, *, at: Window | None) -> Ticket:
    """The ticket the guarded statement finished; when it finished none, why it could not is
    looked up (and raised) only then."""
    if ticket is None:
        _lock_ticket(ticket_id, allowed=AT_WINDOW, at=at)  # raises the reason
        raise TicketWrongState(number="", status="")  # pragma: no cover  # a changed rule
    if at is not None:
        ticket.window, ticket.hall = at, at.hall
    return ticket


@transaction.atomic
def ticket_call_next(
    *,
    window: Window,
    actor: User | None,
    via: str = "",
    help_for: Window | None = None,
    finish_id: int | None = None,
) -> Ticket | None:
    """Call the next person to this window (Q3); None when nobody waits for it.

    With `help_for`, the next of that window's line, when it waits too long (Q7). With
    `finish_id`, that ticket (the one at the window) is finished first, in the same transaction:
    one key at the workstation, 办结并叫下一位. It names the ticket rather than "whatever is at
    the window" so that a double click cannot finish the person just called."""
    now = timezone.now()
    window, under_lock = _lock_window(window)
    if window.state != WindowState.OPEN:
        raise WindowNotOpen()
    if finish_id is None:
        _ensure_free(under_lock)
    if help_for is not None and not selectors.needs_help(help_for):
        raise NoHelpNeeded(number=help_for.number)
    helping: dict[str, object] = {"help_for": help_for.number} if help_for else {}
    step: dict[str, Any] = {"actor": actor, "now": now, "window": window, "via": via}
    finish = _event(None, TicketEventKind.FINISHED, **step)
    call = _event(None, TicketEventKind.CALLED, **step, detail=helping)
    written = statements.call(
        window_id=window.pk,
        hall_id=window.hall_id,
        finish_id=finish_id,
        lines=_lines(window, line_of=help_for, has_transfers=under_lock.has_transfers),
        now=now,
        actor_id=call.actor_id,
        finished_step=finish,
        called_step=call,
    )
    if finish_id is not None:
        _emit_finished(_finished(written.finished, finish_id, at=window), window)
    ticket = written.called
    if ticket is None:
        return None
    ticket.hall, ticket.window = window.hall, window  # loaded with the window
    _queue_sms_notices(ticket.hall, ticket.category_id, asking=written.asking_for_sms)
    _emit_call(ticket, window, call, help_for=help_for.number if help_for else None)
    return ticket


def _emit_call(
    ticket: Ticket, window: Window, call: TicketEvent, *, help_for: int | None = None
) -> None:
    emit(
        TicketCalled(
            **_about(ticket),
            **_at(window),
            call_id=call.pk,
            zone=window.zone.code if window.zone_id else "",
            category_name=selectors.category_name(ticket.hall, ticket.category_id),
            at=call.at,
            recall=ticket.recall_count,
            help_for=help_for,
        )
    )


@transaction.atomic
def ticket_call_chosen(
    *, window: Window, ticket_id: int, reason: str, actor: User | None, via: str = ""
) -> Ticket:
    """特呼: call a chosen number out of order, with the reason recorded (不得私自插队): one
    of this window's line, one sent to it, or one passed over (过号) today who came back."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(_("Say why this number is called out of order."))
    now = timezone.now()
    window, under_lock = _lock_window(window)
    if window.state != WindowState.OPEN:
        raise WindowNotOpen()
    _ensure_free(under_lock)
    ticket = _lock_ticket(ticket_id, allowed=(TicketStatus.WAITING, TicketStatus.NO_SHOW))
    if ticket.hall_id != window.hall_id:
        raise NotFound()
    in_line = ticket.target_window_id == window.pk or (
        ticket.target_window_id is None
        and ticket.category_id in {c for c, _p in selectors.work_profile(window)}
    )
    passed_over = (
        ticket.status == TicketStatus.NO_SHOW and ticket.service_day == timezone.localdate(now)
    )
    if not (in_line and ticket.status == TicketStatus.WAITING) and not passed_over:
        raise NotInLine(number=ticket.number, window=window.number)
    ticket.status = TicketStatus.CALLED
    ticket.window, ticket.target_window = window, None
    ticket.called_at, ticket.finished_at = now, None
    ticket.served_by, ticket.recall_count = actor, 0
    ticket.save(
        update_fields=[
            "status",
            "window",
            "target_window",
            "called_at",
            "finished_at",
            "served_by",
            "recall_count",
        ]
    )
    call = _record(
        ticket,
        TicketEventKind.CALLED,
        actor=actor,
        now=now,
        window=window,
        via=via,
        reason=reason,
        detail={"out_of_order": True},
    )
    _queue_sms_notices(ticket.hall, ticket.category_id)
    _emit_call(ticket, window, call)
    return ticket


def _lock_ticket(
    ticket_id: int, *, allowed: tuple[TicketStatus, ...], at: Window | None = None
) -> Ticket:
    """The ticket under its row lock, checked to be in one of `allowed` (and at window `at`,
    already locked and loaded, when given)."""
    tickets = Ticket.objects.select_for_update(of=("self",))
    if at is None:
        tickets = tickets.select_related("hall", "window__zone")
    locked = tickets.filter(pk=ticket_id).first()
    if locked is None:
        raise NotFound()
    if locked.status not in allowed:
        raise TicketWrongState(number=locked.number, status=locked.get_status_display())
    if at is not None:
        if locked.window_id != at.pk:
            raise TicketNotAtWindow(number=locked.number, window=at.number)
        locked.window, locked.hall = at, at.hall
    return locked


@transaction.atomic
def ticket_recall(*, ticket: Ticket, actor: User | None, via: str = "") -> Ticket:
    """Call the same number again (重呼): the boards announce it once more."""
    ticket, now = _lock_ticket(ticket.pk, allowed=(TicketStatus.CALLED,)), timezone.now()
    ticket.recall_count += 1
    ticket.save(update_fields=["recall_count"])
    call = _record(
        ticket,
        TicketEventKind.RECALLED,
        actor=actor,
        now=now,
        window=ticket.window,
        via=via,
        detail={"recall": ticket.recall_count},
    )
    if ticket.window is not None:  # always, for a called ticket
        _emit_call(ticket, ticket.window, call)
    return ticket


@transaction.atomic
def ticket_start(*, ticket: Ticket, actor: User | None, via: str = "") -> Ticket:
    """The person has come to the window; service begins."""
    ticket, now = _lock_ticket(ticket.pk, allowed=(TicketStatus.CALLED,)), timezone.now()
    ticket.status = TicketStatus.SERVING
    ticket.started_at = now
    ticket.save(update_fields=["status", "started_at"])
    _record(ticket, TicketEventKind.STARTED, actor=actor, now=now, window=ticket.window, via=via)
    if ticket.window is not None:  # always, for a ticket at a window
        emit(TicketStarted(**_about(ticket), **_at(ticket.window)))
    return ticket


def _emit_finished(ticket: Ticket, window: Window) -> None:
    emit(TicketFinished(**_about(ticket), **_at(window), served_by_id=ticket.served_by_id))


@transaction.atomic
def ticket_finish(*, ticket: Ticket, actor: User | None, via: str = "") -> Ticket:
    """Service done (the window is free for the next)."""
    now = timezone.now()
    done = _mark_done(ticket.pk, now)
    window = Window.objects.select_related("hall").get(pk=done.window_id or 0)
    done.window, done.hall = window, window.hall
    _record(done, TicketEventKind.FINISHED, actor=actor, now=now, window=window, via=via)
    _emit_finished(done, window)
    return done


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, actor: User | None, via: str = "") -> Ticket:
    """Nobody came (过号) after the hall's number of calls; the hall's rule says what follows."""
    ticket, now = _lock_ticket(ticket.pk, allowed=(TicketStatus.CALLED,)), timezone.now()
    rules = selectors.queue_settings(ticket.hall)
    remaining = rules.recalls_before_no_show - ticket.recall_count
    if remaining > 0:
        raise RecallsRequired(number=ticket.number, remaining=remaining)
    window = ticket.window
    requeue = rules.no_show_rule != NoShowRule.CLOSE and ticket.requeue_count == 0
    if requeue:
        ticket.status = TicketStatus.WAITING
        ticket.requeue_count += 1
        if rules.no_show_rule == NoShowRule.REQUEUE_END:
            ticket.queued_at = now
        ticket.window = None
        ticket.called_at = None
        kind = TicketEventKind.REQUEUED
    else:
        ticket.status = TicketStatus.NO_SHOW
        ticket.finished_at = now
        kind = TicketEventKind.NO_SHOW
    ticket.save(
        update_fields=["status", "requeue_count", "queued_at", "window", "called_at", "finished_at"]
    )
    _record(ticket, kind, actor=actor, now=now, window=window, via=via)
    if window is not None:  # always, for a called ticket
        emit(TicketNoShow(**_about(ticket), **_at(window), requeued=requeue))
    return ticket


@transaction.atomic
def ticket_transfer(
    *,
    ticket: Ticket,
    actor: User | None,
    via: str = "",
    category_code: str | None = None,
    window_number: int | None = None,
) -> Ticket:
    """Send the person to another category or window (转窗), keeping their place in time."""
    ticket, now = _lock_ticket(ticket.pk, allowed=AT_WINDOW), timezone.now()
    from_window = ticket.window
    if category_code is not None and window_number is None:
        category = selectors.active_category(ticket.hall, category_code)
        if category is None:
            raise CategoryNotFound()
        ticket.category = category
        ticket.target_window = None
        target = {"category": category.code}
    elif window_number is not None and category_code is None:
        target_window = Window.objects.filter(hall_id=ticket.hall_id, number=window_number).first()
        if target_window is None:
            raise NotFound(_("This hall has no window %(number)s.") % {"number": window_number})
        ticket.target_window = target_window
        target = {"to_window": str(target_window.number)}
    else:
        raise TransferTargetRequired()
    ticket.status = TicketStatus.WAITING
    ticket.window = None
    ticket.called_at = None
    ticket.started_at = None
    ticket.save(
        update_fields=["category", "target_window", "status", "window", "called_at", "started_at"]
    )
    _record(
        ticket,
        TicketEventKind.TRANSFERRED,
        actor=actor,
        now=now,
        window=from_window,
        via=via,
        detail=target,
    )
    if from_window is not None:  # always, for a ticket at a window
        emit(
            TicketTransferred(
                **_about(ticket), **_at(from_window), to_window_id=ticket.target_window_id
            )
        )
    return ticket


def workstation_open(*, window: Window, actor: User) -> None:
    """Staff opened the window's workstation (the page posts it once it is there)."""
    emit(
        WorkstationOpened(
            hall_id=window.hall_id, window_id=window.pk, staff_id=actor.pk, at=timezone.now()
        )
    )


@transaction.atomic
def window_pause(*, window: Window, actor: User | None, reason: str, via: str = "") -> Window:
    """Stop calling at this window for a while (暂停服务), with the reason people are told.
    At the workstation only an open window pauses; that nobody may be at a window that stops
    holds for every change of state (hall.queueing.listeners)."""
    locked = Window.objects.select_for_update().get(pk=window.pk)
    if locked.state != WindowState.OPEN:
        raise WindowNotOpen()
    return window_set_state(
        actor=actor, window=locked, state=WindowState.PAUSED, reason=reason, via=via
    )


def window_resume(*, window: Window, actor: User | None, via: str = "") -> Window:
    """Open the window (again) for calling."""
    return window_set_state(actor=actor, window=window, state=WindowState.OPEN, via=via)


def _queue_sms_notices(hall: Hall, category_id: int, *, asking: list[int] | None = None) -> None:
    """Queue the "your turn is near" SMS for those who asked, once each, via the outbox
    (`asking`: those of the line who asked, when a call has just read them)."""
    if asking is None:
        asking = statements.asking_for_sms(hall.pk, category_id)
    if not asking:  # nearly always
        return
    for ticket in Ticket.objects.filter(
        pk__in=asking, status=TicketStatus.WAITING, notified_at__isnull=True
    ):
        ahead = selectors.people_ahead(ticket)
        if ahead > (ticket.notify_when_ahead or 0) or not ticket.mobile:
            continue
        text = _(
            "%(hall)s: %(ahead)s people before your number %(number)s. "
            "Please come to the waiting area."
        ) % {
            "hall": hall.name,
            "ahead": ahead,
            "number": ticket.number,
        }
        outbox_enqueue(
            hall=hall,
            mobile=ticket.mobile.plaintext,
            text=text,
            dedupe_key=f"ticket-near-{ticket.pk}",
        )
        Ticket.objects.filter(pk=ticket.pk).update(notified_at=timezone.now())


@transaction.atomic
def ticket_subscribe_sms(*, ticket: Ticket, mobile: str, notify_when_ahead: int) -> Ticket:
    """Ask for an SMS when `notify_when_ahead` people or fewer are before this ticket (Q5)."""
    locked = _lock_ticket(ticket.pk, allowed=(TicketStatus.WAITING,))
    if not 0 < notify_when_ahead <= MAX_SMS_AHEAD:
        raise InvalidInput(_("Choose between 1 and 50 people."))
    locked.mobile = identifiers.validate_mobile(mobile)
    locked.notify_when_ahead = notify_when_ahead
    locked.notified_at = None
    locked.save(update_fields=["mobile", "mobile_digest", "notify_when_ahead", "notified_at"])
    _queue_sms_notices(locked.hall, locked.category_id)  # already near the front: tell at once
    return locked


@transaction.atomic
def tickets_close_for_the_day(
    *, hall: Hall, reason: str, before: datetime.date | None = None, waiting: bool = True
) -> int:
    """Close what is left at closing time (Q6), each ticket with the reason; returns how many.

    A number still called or being served at a window is closed there (nobody finished it),
    which frees the window; waiting numbers are closed too unless the hall keeps them for the
    next morning (`waiting=False`). With `before`, only tickets of earlier days. Numbers kept
    by emergency operation wait until the end of the working day they were kept for."""
    now = timezone.now()
    statuses = [*AT_WINDOW, *([TicketStatus.WAITING] if waiting else [])]
    left = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("window")
        .filter(hall=hall, status__in=statuses)
        .exclude(status=TicketStatus.WAITING, kept_until__gt=timezone.localdate(now))
        .order_by("pk")
    )
    if before is not None:
        left = left.filter(service_day__lt=before)
    closed = 0
    for ticket in left:
        ticket.hall = hall
        ticket.status = TicketStatus.CLOSED
        ticket.closed_reason = reason
        ticket.finished_at = now
        ticket.save(update_fields=["status", "closed_reason", "finished_at"])
        _record(
            ticket,
            TicketEventKind.CLOSED,
            actor=None,
            now=now,
            window=ticket.window,
            via="job",
            reason=reason,
        )
        window = ticket.window
        emit(
            TicketClosed(
                **_about(ticket),
                window_id=window.pk if window else None,
                window_number=window.number if window else None,
                window_state=window.state if window else None,
            )
        )
        closed += 1
    return closed


def tickets_erase_mobiles(*, hall: Hall, today: datetime.date) -> int:
    """X2: the mobile numbers people gave for the SMS go once the hall's retention period is
    over; the tickets stay for statistics. Returns how many were erased (one audit record)."""
    days = selectors.queue_settings(hall).mobile_retention_days
    expired = Ticket.objects.filter(
        hall=hall, service_day__lt=today - datetime.timedelta(days=days)
    ).exclude(mobile_digest="")
    with transaction.atomic():
        erased = expired.update(mobile="", mobile_digest="", notify_when_ahead=None)
        if erased:
            audit_record(
                actor=None,
                action="ticket.personal_data_erased",
                hall=hall,
                changes={"tickets": [None, erased], "kept_days": [None, days]},
                via="job",
            )
    return erased


# --- emergency operation (F2) -----------------------------------------------------------------


@transaction.atomic
def emergency_start(
    *, hall: Hall, actor: User, reason: str, categories: Sequence[str] = (), via: str = ""
) -> QueueSettings:
    """应急: the kiosks and phone pages issue numbers only for `categories` (none: none at
    all; the reception desk still can), the boards show the reason, and what still waits at
    closing time is kept in its order for the next working day, called before its numbers."""
    require_permission(actor, CONFIGURE_QUEUE)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    rules = QueueSettings.objects.select_for_update().get(hall=hall)
    if rules.in_emergency:
        raise EmergencyAlreadyOn()
    codes = sorted(set(categories))
    if TicketCategory.objects.filter(hall=hall, code__in=codes).count() != len(codes):
        raise CategoryNotFound()
    rules.emergency_since = timezone.now()
    rules.emergency_reason = reason
    rules.emergency_categories = codes
    rules.save(update_fields=QueueSettings.EMERGENCY_FIELDS)
    audit_record(
        actor=actor,
        action="queue.emergency_started",
        target=hall,
        changes={"reason": [None, reason], "categories": [None, codes]},
        via=via,
    )
    emit(EmergencyChanged(hall_id=hall.pk, on=True))
    hall_notice_set(actor=actor, hall=hall, text=emergency_notice(reason), via=via)
    return rules


@transaction.atomic
def emergency_end(*, hall: Hall, actor: User, via: str = "") -> QueueSettings:
    """Back to normal: numbers for every business again; the boards' notice cleared if it is
    still the emergency's. Numbers kept for the next working day stay kept."""
    require_permission(actor, CONFIGURE_QUEUE)
    rules = QueueSettings.objects.select_for_update().get(hall=hall)
    since = rules.emergency_since
    if since is None:
        raise EmergencyNotOn()
    reason = rules.emergency_reason
    rules.emergency_since, rules.emergency_reason, rules.emergency_categories = None, "", []
    rules.save(update_fields=QueueSettings.EMERGENCY_FIELDS)
    audit_record(
        actor=actor,
        action="queue.emergency_ended",
        target=hall,
        changes={"reason": [reason, None], "since": [since.isoformat(), None]},
        via=via,
    )
    emit(EmergencyChanged(hall_id=hall.pk, on=False))
    if Hall.objects.filter(pk=hall.pk, board_notice=emergency_notice(reason)).exists():
        hall_notice_set(actor=actor, hall=hall, text="", via=via)
    return rules


def emergency_notice(reason: str) -> str:
    return _("Emergency operation: %(reason)s") % {"reason": reason}


def tickets_keep_for_next_working_day(*, hall: Hall, day: datetime.date) -> int:
    """After closing time in emergency operation: what still waits from `day` or before is
    kept, in its order, until the end of the working day after `day` (the end-of-day job
    closes nothing kept before then); returns how many were newly kept."""
    kept_until = calendar.add_working_days(day, 1).date
    return Ticket.objects.filter(
        hall=hall, status=TicketStatus.WAITING, service_day__lte=day, kept_until__isnull=True
    ).update(kept_until=kept_until)
