"""Every write of rosters (S2-S4): propose, edit, submit, approve or return, change, close."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.errors import InvalidInput, PermissionDenied, ReasonRequired
from hall.core.events import emit
from hall.core.hours import Period
from hall.core.inputs import add_months
from hall.core.models import Department, Hall, User, Window
from hall.core.outbox import outbox_tell
from hall.rostering import selectors
from hall.rostering.choices import ChangeStatus, RosterStatus
from hall.rostering.errors import (
    MonthNotPlannable,
    NotAWorkingHalfDay,
    NotOnRoster,
    PersonAway,
    PersonBusy,
    RosterHasGaps,
    RosterLocked,
    RosterWrongState,
)
from hall.rostering.events import RosterApproved
from hall.rostering.models import (
    Absence,
    Assignment,
    DayOffRequest,
    Handover,
    HandoverReason,
    Roster,
    RosterChange,
    WindowClosure,
)
from hall.rostering.solver import Solution, solve
from hall.staff import selectors as staffing

EDITABLE = (RosterStatus.DRAFT, RosterStatus.RETURNED)
BUILD = "rostering.build_roster"
APPROVE = "rostering.approve_roster"


def may_act(actor: User, permission: str, department: Department | None = None) -> bool:
    """Whether `actor` may take a roster step: with the permission, for their own department
    (the office, for every one). Pages offer a step only when this says so."""
    if not actor.has_perm(permission):
        return False
    if department is None or actor.has_perm(APPROVE):
        return True
    return actor.departments.filter(pk=department.pk).exists()


def _require(actor: User | None, permission: str, department: Department | None = None) -> None:
    """`actor` None: the system (commands, the bench). Heads act for their own department."""
    if actor is None:
        return
    require_permission(actor, permission)
    if not may_act(actor, permission, department):
        raise PermissionDenied()


# A roster is planned for the coming months, and last month's may still be corrected.
MONTHS_AHEAD = 12


def roster_of(hall: Hall, department: Department, month: datetime.date) -> Roster:
    """The month's roster to read: the saved one, or an empty draft that is not saved (a
    page or GET shows it; the first change saves it)."""
    month = month.replace(day=1)
    found = (
        Roster.objects.select_related("hall", "department")
        .filter(department=department, month=month)
        .first()
    )
    return found or Roster(hall=hall, department=department, month=month)


def plannable_month(month: datetime.date) -> datetime.date:
    """`month` (its first day) if a roster may be started for it: last month to a year on."""
    this_month = timezone.localdate().replace(day=1)
    last = add_months(this_month, MONTHS_AHEAD)
    if not add_months(this_month, -1) <= month <= last:
        raise MonthNotPlannable(month=f"{month:%Y-%m}", last=f"{last:%Y-%m}")
    return month


def _lock(roster: Roster) -> Roster:
    """The roster under its row lock; a draft not saved yet is saved first, for a month that
    may be planned."""
    if roster.pk is None:
        roster, _created = Roster.objects.get_or_create(
            hall=roster.hall,
            department=roster.department,
            month=plannable_month(roster.month),
        )
    return (
        Roster.objects.select_for_update(of=("self",))
        .select_related("hall", "department")
        .get(pk=roster.pk)
    )


def roster_propose(
    *,
    actor: User | None,
    hall: Hall,
    department: Department,
    month: datetime.date,
    seconds: float = 10.0,
    via: str = "",
) -> tuple[Roster, Solution]:
    """S4: fill the month with the solver's proposal (the draft is replaced; its present
    assignments are kept where the rules allow, as a soft goal).

    The solver runs before the transaction: seconds of CP-SAT must not hold the database's
    writer lock (on SQLite, the whole hall's)."""
    _require(actor, BUILD, department)
    current = roster_of(hall, department, plannable_month(month.replace(day=1)))
    if current.status not in EDITABLE:
        raise RosterLocked(status=current.get_status_display())
    problem = selectors.build_problem(hall, department, current.month)
    solution = solve(problem, seconds_per_group=seconds)
    with transaction.atomic():
        return _save_proposal(actor, current, solution, via), solution


def _save_proposal(actor: User | None, roster: Roster, solution: Solution, via: str) -> Roster:
    roster = _lock(roster)
    hall = roster.hall
    if roster.status not in EDITABLE:  # submitted while the solver ran
        raise RosterLocked(status=roster.get_status_display())
    windows = {w.number: w for w in Window.objects.filter(hall=hall)}
    roster.assignments.all().delete()
    Assignment.objects.bulk_create(
        Assignment(
            roster=roster,
            date=p.day,
            period=p.period,
            window=windows[p.window] if p.window is not None else None,
            staff_id=p.person,
            post=p.post,
        )
        for p in solution.placements
    )
    roster.solver_stats = {
        **solution.stats,
        "gap_list": [
            {
                "date": g.slot.day.isoformat(),
                "period": g.slot.period,
                "window": g.slot.window,
                "reason": g.reason,
                "why_not": g.why_not,
            }
            for g in solution.gaps + solution.ab_breaks
        ],
    }
    roster.save(update_fields=["solver_stats"])
    audit_record(
        actor=actor,
        action="roster.proposed",
        target=roster,
        hall=hall,
        changes={
            "assignments": [None, len(solution.placements)],
            "gaps": [None, len(solution.gaps)],
        },
        via=via,
    )
    return roster


@transaction.atomic
def roster_assign(
    *,
    actor: User | None,
    roster: Roster,
    day: datetime.date,
    period: Period,
    window: Window,
    staff: User | None,
    via: str = "",
) -> Roster:
    """Put `staff` at `window` for the half-day (None: leave the window empty)."""
    roster = _lock(roster)
    _require(actor, BUILD, roster.department)
    if roster.status not in EDITABLE:
        raise RosterLocked(status=roster.get_status_display())
    _check_placement(roster, day, period, window, staff)
    roster.assignments.filter(date=day, period=period, window=window).delete()
    if staff is not None:
        roster.assignments.filter(date=day, period=period, staff=staff).delete()
        Assignment.objects.create(
            roster=roster,
            date=day,
            period=period,
            window=window,
            staff=staff,
            post=staffing.post_at(window, staff.pk),
        )
    audit_record(
        actor=actor,
        action="roster.assigned",
        target=roster,
        hall=roster.hall,
        changes={
            f"{day} {period} {window.number}": [None, staff.get_full_name() if staff else None]
        },
        via=via,
    )
    return roster


def _check_placement(
    roster: Roster, day: datetime.date, period: str, window: Window, staff: User | None
) -> None:
    if day not in selectors.working_days(roster.month).working_days:
        raise NotAWorkingHalfDay(day=day)
    if staff is None:
        return
    if staff not in selectors.roster_staff(roster.hall, roster.department):
        raise NotOnRoster(name=staff.get_full_name())
    if selectors.away(staff.pk, day, period):
        raise PersonAway(name=staff.get_full_name())
    elsewhere = (
        roster.assignments.filter(date=day, period=period, staff=staff, window__isnull=False)
        .exclude(window=window)
        .select_related("window")
        .first()
    )
    if elsewhere is not None and elsewhere.window is not None:
        raise PersonBusy(name=staff.get_full_name(), window=elsewhere.window.number)


def _transition(
    roster: Roster,
    *,
    actor: User | None,
    allowed: tuple[RosterStatus, ...],
    to: RosterStatus,
    action: str,
    via: str,
    **changes: Any,
) -> Roster:
    if roster.status not in allowed:
        raise RosterWrongState(status=roster.get_status_display())
    before = roster.status
    roster.status = to
    roster.save()
    audit_record(
        actor=actor,
        action=f"roster.{action}",
        target=roster,
        hall=roster.hall,
        changes={"status": [before, to], **changes},
        via=via,
    )
    return roster


def _decide(
    roster: Roster, *, actor: User | None, to: RosterStatus, action: str, via: str
) -> Roster:
    """The office's answer to a submitted roster."""
    roster.decided_by = actor
    roster.decided_at = timezone.now()
    return _transition(
        roster, actor=actor, allowed=(RosterStatus.SUBMITTED,), to=to, action=action, via=via
    )


@transaction.atomic
def roster_submit(*, actor: User | None, roster: Roster, via: str = "") -> Roster:
    """To the office, due before the month begins (排班表每月底前报办公室): late is flagged."""
    roster = _lock(roster)
    _require(actor, BUILD, roster.department)
    now = timezone.now()
    roster.submitted_at = now
    roster.submitted_late = timezone.localdate(now) >= roster.month
    return _transition(
        roster,
        actor=actor,
        allowed=EDITABLE,
        to=RosterStatus.SUBMITTED,
        action="submitted",
        via=via,
        late=[None, roster.submitted_late],
    )


@transaction.atomic
def roster_approve(*, actor: User | None, roster: Roster, via: str = "") -> Roster:
    """S3: an approved roster leaves no window empty, unless the office closed it."""
    roster = _lock(roster)
    _require(actor, APPROVE)
    gaps = selectors.coverage_gaps(roster)
    if gaps:
        first = gaps[0]
        raise RosterHasGaps(
            count=len(gaps),
            first=_("%(day)s %(period)s window %(window)s")
            % {"day": first.day, "period": first.period_label, "window": first.window},
        )
    approved = _decide(roster, actor=actor, to=RosterStatus.APPROVED, action="approved", via=via)
    emit(
        RosterApproved(
            hall_id=approved.hall_id,
            roster_id=approved.pk,
            department_id=approved.department_id,
            month=approved.month,
        )
    )
    return approved


@transaction.atomic
def roster_return(*, actor: User | None, roster: Roster, comments: str, via: str = "") -> Roster:
    """The office sends the roster back, saying what should change."""
    if not comments.strip():
        raise ReasonRequired(_("Say what should change."))
    roster = _lock(roster)
    _require(actor, APPROVE)
    roster.comments = comments.strip()
    return _decide(roster, actor=actor, to=RosterStatus.RETURNED, action="returned", via=via)


@transaction.atomic
def window_close(
    *,
    actor: User | None,
    window: Window,
    day: datetime.date,
    period: Period,
    reason: str,
    via: str = "",
) -> WindowClosure:
    """The office closes a window for a half-day: it is no longer a gap, and says why."""
    _require(actor, APPROVE)
    if not reason.strip():
        raise ReasonRequired(_("Say why the window is closed."))
    closure, _created = WindowClosure.objects.update_or_create(
        window=window,
        date=day,
        period=period,
        defaults={"reason": reason.strip(), "closed_by": actor},
    )
    audit_record(
        actor=actor,
        action="window.closed_for_half_day",
        target=window,
        hall=window.hall,
        changes={"half_day": [None, f"{day} {period}"]},
        reason=reason,
        via=via,
    )
    return closure


@dataclass(frozen=True)
class AdvisedClosure:
    window: Window
    day: datetime.date
    period: str


@transaction.atomic
def advised_closures_apply(
    *,
    actor: User | None,
    hall: Hall,
    department: Department,
    month: datetime.date,
    closures: list[AdvisedClosure],
    reason: str,
    via: str = "",
) -> int:
    """The staffing advice as the month's required windows (D3): its closures replace the
    advice applied before (the office's own closures stay), so that the roster solver
    staffs exactly the windows advised. Refused once the month's roster is approved."""
    _require(actor, APPROVE)
    month = plannable_month(month.replace(day=1))
    roster = _lock(roster_of(hall, department, month))  # the solver reads the closures next
    if roster.status == RosterStatus.APPROVED:
        raise RosterLocked(status=roster.get_status_display())
    windows = {w.pk for w in selectors.windows_rostered_by(hall, department)}
    if any(c.window.pk not in windows for c in closures):
        raise InvalidInput()
    last = add_months(month, 1) - datetime.timedelta(days=1)
    WindowClosure.objects.filter(
        window__in=windows, date__range=(month, last), advised=True
    ).delete()
    kept = set(
        WindowClosure.objects.filter(window__in=windows, date__range=(month, last)).values_list(
            "window_id", "date", "period"
        )
    )
    WindowClosure.objects.bulk_create(
        [
            WindowClosure(
                window=c.window,
                date=c.day,
                period=c.period,
                reason=reason,
                advised=True,
                closed_by=actor,
            )
            for c in closures
            if (c.window.pk, c.day, c.period) not in kept
        ]
    )
    audit_record(
        actor=actor,
        action="roster.advice_applied",
        target=department,
        hall=hall,
        changes={"month": [None, f"{month:%Y-%m}"], "closed_half_days": [None, len(closures)]},
        via=via,
    )
    return len(closures)


@transaction.atomic
def roster_change_request(
    *,
    actor: User,
    roster: Roster,
    day: datetime.date,
    period: Period,
    window: Window,
    to_staff: User,
    reason: str,
    via: str = "",
) -> RosterChange:
    """调班 after approval: asked with a reason, applied only when the office approves."""
    if not reason.strip():
        raise ReasonRequired(_("A change of an approved roster needs a reason."))
    roster = _lock(roster)
    _require(actor, BUILD, roster.department)
    if roster.status != RosterStatus.APPROVED:
        raise RosterWrongState(status=roster.get_status_display())
    _check_placement(roster, day, period, window, to_staff)
    current = roster.assignments.filter(date=day, period=period, window=window).first()
    change = RosterChange.objects.create(
        roster=roster,
        date=day,
        period=period,
        window=window,
        from_staff=current.staff if current else None,
        to_staff=to_staff,
        reason=reason.strip(),
        requested_by=actor,
    )
    audit_record(
        actor=actor, action="roster.change_requested", target=roster, reason=reason, via=via
    )
    return change


@transaction.atomic
def roster_change_decide(
    *, actor: User | None, change: RosterChange, approve: bool, via: str = ""
) -> RosterChange:
    change = (
        RosterChange.objects.select_for_update(of=("self",))
        .select_related("roster")
        .get(pk=change.pk)
    )
    _require(actor, APPROVE)
    if change.status != ChangeStatus.PENDING:
        raise RosterWrongState(status=change.get_status_display())
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save()
    roster = _lock(change.roster)
    if approve:
        _check_placement(roster, change.date, change.period, change.window, change.to_staff)
        roster.assignments.filter(
            date=change.date, period=change.period, window=change.window
        ).delete()
        roster.assignments.filter(
            date=change.date, period=change.period, staff=change.to_staff
        ).delete()
        Assignment.objects.create(
            roster=roster,
            date=change.date,
            period=change.period,
            window=change.window,
            staff=change.to_staff,
            post=staffing.post_at(change.window, change.to_staff_id),
        )
    audit_record(
        actor=actor,
        action=f"roster.change_{change.status}",
        target=roster,
        hall=roster.hall,
        changes={
            f"{change.date} {change.period} {change.window.number}": [
                change.from_staff.get_full_name() if change.from_staff else None,
                change.to_staff.get_full_name(),
            ]
        },
        via=via,
    )
    return change


# --- A/B cover (S3): B岗自动顶岗 ----------------------------------------------------------


@transaction.atomic
def handover(
    *, window: Window, day: datetime.date, period: str, reason: HandoverReason, via: str = ""
) -> Handover | None:
    """Pass the window's half-day from its A post to its B post, tell both, record it.
    Nothing happens when the window is not A's that half-day, or B is away or at another
    window (the gap then stays visible on the roster and the dashboard)."""
    pair = staffing.ab_pair(window)
    if pair is None:
        return None
    at_window = (
        Assignment.objects.in_force()
        .select_for_update(of=("self",))
        .filter(window=window, date=day, period=period, staff=pair.a_staff)
        .select_related("roster")
        .first()
    )
    if (
        at_window is None
        or Handover.objects.filter(window=window, date=day, period=period).exists()
    ):
        return None
    b_elsewhere = (
        Assignment.objects.in_force()
        .filter(date=day, period=period, staff=pair.b_staff, window__isnull=False)
        .exists()
    )
    if b_elsewhere or selectors.away(pair.b_staff_id, day, period):
        return None
    Assignment.objects.in_force().filter(
        date=day, period=period, staff=pair.b_staff, window__isnull=True
    ).delete()
    at_window.staff = pair.b_staff
    at_window.post = "B"
    at_window.save(update_fields=["staff", "post"])
    record = Handover.objects.create(
        window=window,
        date=day,
        period=period,
        a_staff=pair.a_staff,
        b_staff=pair.b_staff,
        reason=reason,
    )
    text = _("%(day)s %(period)s, window %(window)s: %(b)s covers for %(a)s (%(reason)s).") % {
        "day": day,
        "period": Period(period).label,
        "window": window.number,
        "a": pair.a_staff.get_full_name(),
        "b": pair.b_staff.get_full_name(),
        "reason": record.get_reason_display(),
    }
    outbox_tell(
        hall=window.hall,
        people=(pair.a_staff, pair.b_staff),
        text=text,
        dedupe_key=f"handover-{record.pk}",
    )
    audit_record(
        actor=None,
        action="roster.handover",
        target=at_window.roster,
        hall=window.hall,
        changes={
            f"{day} {period} {window.number}": [
                pair.a_staff.get_full_name(),
                pair.b_staff.get_full_name(),
            ]
        },
        reason=str(record.get_reason_display()),
        via=via,
    )
    return record


def handover_window(
    *, window_id: int, day: datetime.date, period: str, not_punched_in: bool
) -> Handover | None:
    """`handover` for a caller that knows the window by its id (attendance's job)."""
    window = Window.objects.select_related("hall").get(pk=window_id)
    reason = HandoverReason.NOT_PUNCHED_IN if not_punched_in else HandoverReason.LEAVE
    return handover(window=window, day=day, period=period, reason=reason, via="job")


def absence_record(
    *,
    leave_id: int,
    staff_id: int,
    kind: str,
    start_date: datetime.date,
    start_period: str,
    end_date: datetime.date,
    end_period: str,
    via: str = "",
) -> list[Handover]:
    """Approved leave reaches the roster (attendance, above, calls this in the approval's
    transaction): it keeps its own copy of the absence, and each half-day the person was
    rostered at their own window as its A post goes to the window's B post."""
    absence, _created = Absence.objects.get_or_create(
        leave_id=leave_id,
        defaults={
            "staff_id": staff_id,
            "kind": kind,
            "start_date": start_date,
            "start_period": start_period,
            "end_date": end_date,
            "end_period": end_period,
        },
    )
    done = []
    rostered = (
        Assignment.objects.in_force()
        .filter(
            staff=staff_id,
            date__range=(start_date, end_date),
            window__ab_pair__a_staff=staff_id,
        )
        .select_related("window")
    )
    for assignment in rostered:
        if assignment.window is not None and absence.covers(assignment.date, assignment.period):
            record = handover(
                window=assignment.window,
                day=assignment.date,
                period=assignment.period,
                reason=HandoverReason.LEAVE,
                via=via,
            )
            if record is not None:
                done.append(record)
    return done


@transaction.atomic
def day_off_request(
    *, staff: User, day: datetime.date, note: str = "", via: str = ""
) -> DayOffRequest:
    """A wish not to be rostered that day: the proposal grants it when coverage allows."""
    if (
        day <= timezone.localdate()
        or day not in selectors.working_days(day.replace(day=1)).working_days
    ):
        raise NotAWorkingHalfDay(day=day)
    wish, _created = DayOffRequest.objects.update_or_create(
        staff=staff, date=day, defaults={"note": note.strip()}
    )
    audit_record(
        actor=staff, action="roster.day_off_requested", target=wish, hall=staff.hall, via=via
    )
    return wish
