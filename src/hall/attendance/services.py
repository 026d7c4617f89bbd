"""Punches, leave with its approval ladder, and the attendance measured against the roster
(S5). Every rule of lateness and 旷工 lives in `half_day_record`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.attendance.errors import (
    AlreadyPunched,
    CorrectionNotPossible,
    CorrectionReasonRequired,
    HallClosedNow,
    LeaveAlreadyDecided,
    LeaveEndsBeforeStart,
    LeaveHasNoWorkingDay,
    LeaveOverlaps,
    LeaveTooLong,
)
from hall.attendance.events import LeaveApproved, PunchMissing
from hall.attendance.models import (
    AttendanceSettings,
    LeaveKind,
    LeaveRequest,
    LeaveStatus,
    Punch,
    PunchCorrection,
    PunchKind,
)
from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.errors import PermissionDenied
from hall.core.events import emit
from hall.core.hours import PERIODS, Period, half_day_of, opening
from hall.core.inputs import add_months, check_date
from hall.core.models import Hall, User
from hall.core.roles import Role
from hall.core.selectors import hall_settings
from hall.rostering import services as rostering
from hall.rostering.selectors import a_posts_on_duty, working_days

APPROVE_IN_DEPARTMENT = "attendance.approve_leave"
APPROVE_ANY = "attendance.approve_any_leave"


def attendance_settings(hall: Hall) -> AttendanceSettings:
    """The hall's rules (the defaults until the office saves its own)."""
    return hall_settings(AttendanceSettings, hall.pk)


@transaction.atomic
def punch(
    *, staff: User, kind: PunchKind, now: datetime.datetime | None = None, source: str = "web"
) -> Punch:
    """The first "in" and the last "out" of a half-day count; a double press changes nothing."""
    if staff.hall is None:
        raise HallClosedNow()
    now = now or timezone.now()
    day, period = half_day_of(staff.hall, now)
    if kind == PunchKind.IN:
        try:
            with transaction.atomic():
                return Punch.objects.create(
                    staff=staff, at=now, date=day, period=period, kind=kind, source=source
                )
        except IntegrityError:
            return Punch.objects.get(staff=staff, date=day, period=period, kind=kind)
    found, _created = Punch.objects.update_or_create(
        staff=staff, date=day, period=period, kind=kind, defaults={"at": now, "source": source}
    )
    return found


def punch_in_at_window(staff: User, now: datetime.datetime | None = None) -> Punch | None:
    """Logging in at a window workstation punches in, during opening hours."""
    if staff.hall is None:
        return None
    now = now or timezone.now()
    day, period = half_day_of(staff.hall, now)
    starts, ends = opening(staff.hall, day, period)
    if not starts - datetime.timedelta(hours=1) <= now <= ends:
        return None
    return punch(staff=staff, kind=PunchKind.IN, now=now, source="window")


# --- leave --------------------------------------------------------------------------------


def _half_days(
    request: LeaveRequest, *, within: LeaveRequest | None = None
) -> list[tuple[datetime.date, str]]:
    """The working half-days the request covers (only those within the dates of another
    request, `within`: an overlap is counted over the shorter span)."""
    first, last = request.start_date, request.end_date
    if within is not None:
        first, last = max(first, within.start_date), min(last, within.end_date)
    days = []
    month = first.replace(day=1)
    while month <= last:
        days += working_days(month).working_days
        month = add_months(month, 1)
    return [(d, p) for d in days for p in PERIODS if request.covers(d, p)]


def leave_days(request: LeaveRequest) -> Decimal:
    """Working days the request takes, in halves."""
    return Decimal(len(_half_days(request))) / 2


@transaction.atomic
def leave_request(
    *,
    actor: User,
    staff: User,
    kind: LeaveKind,
    start_date: datetime.date,
    end_date: datetime.date,
    start_period: Period = Period.AM,
    end_period: Period = Period.PM,
    reason: str = "",
    via: str = "",
) -> LeaveRequest:
    """请假: asked by the person (or for them by their head), waiting for the ladder."""
    if actor != staff:
        require_permission(actor, APPROVE_IN_DEPARTMENT)
    check_date(start_date)
    check_date(end_date)
    if staff.hall is not None:  # bounded before any work (a day-by-day count follows)
        longest = attendance_settings(staff.hall).longest_leave_days
        if (end_date - start_date).days + 1 > longest:
            raise LeaveTooLong(days=longest)
    request = LeaveRequest(
        staff=staff,
        kind=kind,
        start_date=start_date,
        start_period=start_period,
        end_date=end_date,
        end_period=end_period,
        reason=reason.strip(),
    )
    if (end_date, end_period != Period.AM) < (start_date, start_period != Period.AM):
        raise LeaveEndsBeforeStart()
    if not _half_days(request):
        raise LeaveHasNoWorkingDay()
    User.objects.select_for_update().get(pk=staff.pk)  # one request at a time per person
    others = LeaveRequest.objects.filter(
        staff=staff,
        status__in=[LeaveStatus.PENDING, LeaveStatus.APPROVED],
        start_date__lte=end_date,
        end_date__gte=start_date,
    )
    mine = set(_half_days(request))
    for other in others:
        if mine & set(_half_days(other, within=request)):
            raise LeaveOverlaps(other=f"{other.start_date}–{other.end_date}")
    request.save()
    audit_record(
        actor=actor,
        action="leave.requested",
        target=request,
        hall=staff.hall,
        changes={"kind": [None, kind], "days": [None, str(leave_days(request))]},
        via=via,
    )
    return request


def _on_the_ladder(actor: User, staff: User, days: Decimal) -> bool:
    """The hall's approval ladder: up to the first level's days in the department (the
    chief representative or head of the person's department), longer by the office; never
    one's own."""
    if actor.pk == staff.pk:
        return False
    if actor.has_perm(APPROVE_ANY):
        return True
    if not actor.has_perm(APPROVE_IN_DEPARTMENT):
        return False
    hall = staff.hall
    if hall is None or days > attendance_settings(hall).leave_days_first_level:
        return False
    if not actor.has_role(Role.CHIEF_REPRESENTATIVE, Role.DEPARTMENT_HEAD):
        return False
    return actor.departments.filter(pk__in=staff.departments.values("pk")).exists()


def may_decide(actor: User, request: LeaveRequest) -> bool:
    return _on_the_ladder(actor, request.staff, leave_days(request))


def _decide(
    request: LeaveRequest | PunchCorrection,
    *,
    actor: User,
    approve: bool,
    days: Decimal,
    via: str,
) -> None:
    """The ladder's decision on a request (leave, 补卡), locked by the caller: once, never on
    one's own, by whom the ladder lets decide that many days; audited."""
    if request.status != "pending":
        raise LeaveAlreadyDecided(status=request.get_status_display())
    if not _on_the_ladder(actor, request.staff, days):
        raise PermissionDenied()
    request.status = "approved" if approve else "rejected"
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save()
    kind = "leave" if isinstance(request, LeaveRequest) else "punch_correction"
    audit_record(
        actor=actor,
        action=f"{kind}.{request.status}",
        target=request,
        hall=request.staff.hall,
        changes={"status": ["pending", request.status]},
        via=via,
    )


@transaction.atomic
def leave_decide(
    *, actor: User, request: LeaveRequest, approve: bool, via: str = ""
) -> LeaveRequest:
    request = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("staff__hall")
        .get(pk=request.pk)
    )
    _decide(request, actor=actor, approve=approve, days=leave_days(request), via=via)
    if approve:
        # The roster below keeps its own copy and hands the A post's windows over, in this
        # transaction; apps above hear of it from the event.
        approved = LeaveApproved(
            leave_id=request.pk,
            hall_id=request.staff.hall_id or 0,
            staff_id=request.staff_id,
            kind=request.kind,
            start_date=request.start_date,
            start_period=request.start_period,
            end_date=request.end_date,
            end_period=request.end_period,
        )
        rostering.absence_record(
            leave_id=approved.leave_id,
            staff_id=approved.staff_id,
            kind=approved.kind,
            start_date=approved.start_date,
            start_period=approved.start_period,
            end_date=approved.end_date,
            end_period=approved.end_period,
            via=via,
        )
        emit(approved)
    return request


# --- A posts who have not punched in (S3: B岗自动顶岗) ----------------------------------------


def cover_missing_a_posts(now: datetime.datetime) -> int:
    """The job: an A post not punched in a while after opening hands their window over to its
    B post (the roster does it); returns how many windows were handed over."""
    count = 0
    for hall in Hall.objects.filter(is_active=True):
        day, period = half_day_of(hall, now)
        starts, ends = opening(hall, day, period)
        wait = datetime.timedelta(minutes=attendance_settings(hall).cover_after_minutes)
        if not starts + wait <= now <= ends:
            continue
        punched = set(
            Punch.objects.filter(date=day, period=period, kind=PunchKind.IN).values_list(
                "staff_id", flat=True
            )
        )
        for post in a_posts_on_duty(hall, day, period):
            if post.staff_id in punched:
                continue
            with transaction.atomic():
                if rostering.handover_window(
                    window_id=post.window_id, day=day, period=period, not_punched_in=True
                ):
                    count += 1
                    emit(
                        PunchMissing(
                            hall_id=hall.pk,
                            staff_id=post.staff_id,
                            window_id=post.window_id,
                            day=day,
                            period=period,
                        )
                    )
    return count


# --- 补卡: a forgotten punch --------------------------------------------------------------


@transaction.atomic
def punch_correction_request(
    *,
    staff: User,
    day: datetime.date,
    period: Period,
    kind: PunchKind,
    at: datetime.time,
    reason: str,
    via: str = "",
) -> PunchCorrection:
    """补卡: a punch the person forgot, asked for with a reason within the hall's days; the
    leave ladder decides it."""
    if staff.hall is None:
        raise HallClosedNow()
    reason = reason.strip()
    if not reason:
        raise CorrectionReasonRequired()
    rules = attendance_settings(staff.hall)
    today = timezone.localdate()
    starts, ends = opening(staff.hall, day, period)
    moment = timezone.make_aware(datetime.datetime.combine(day, at))
    earliest = today - datetime.timedelta(days=rules.correction_days)
    if not (earliest <= day <= today and starts - datetime.timedelta(hours=1) <= moment):
        raise CorrectionNotPossible(days=rules.correction_days)
    if moment > ends + datetime.timedelta(hours=3) or moment > timezone.now():
        raise CorrectionNotPossible(days=rules.correction_days)
    if Punch.objects.filter(staff=staff, date=day, period=period, kind=kind).exists():
        raise AlreadyPunched(kind=PunchKind(kind).label)
    correction = PunchCorrection.objects.create(
        staff=staff, date=day, period=period, kind=kind, at=moment, reason=reason
    )
    audit_record(
        actor=staff,
        action="punch_correction.requested",
        target=correction,
        hall=staff.hall,
        changes={"half_day": [None, f"{day} {period} {kind}"], "at": [None, f"{at:%H:%M}"]},
        reason=reason,
        via=via,
    )
    return correction


CORRECTION_DAYS = Decimal("0.5")  # a forgotten punch is of one half-day


def may_decide_correction(actor: User, correction: PunchCorrection) -> bool:
    return _on_the_ladder(actor, correction.staff, CORRECTION_DAYS)


@transaction.atomic
def punch_correction_decide(
    *, actor: User, correction: PunchCorrection, approve: bool, via: str = ""
) -> PunchCorrection:
    """Approved, the punch counts as made at the time asked for (source "correction")."""
    correction = (
        PunchCorrection.objects.select_for_update(of=("self",))
        .select_related("staff__hall")
        .get(pk=correction.pk)
    )
    _decide(correction, actor=actor, approve=approve, days=CORRECTION_DAYS, via=via)
    if approve:
        Punch.objects.update_or_create(
            staff=correction.staff,
            date=correction.date,
            period=correction.period,
            kind=correction.kind,
            defaults={"at": correction.at, "source": "correction"},
        )
    return correction


# --- measuring attendance against the roster -----------------------------------------------


STATUS_LABELS = {
    "present": _("Present"),
    "late": _("Late"),
    "early": _("Early leave"),
    "late_early": _("Late and early leave"),
    "absent": _("Absent without leave (旷工)"),
    "leave": _("On leave"),
    "missing_out": _("No punch out"),
}


@dataclass(frozen=True)
class HalfDayRecord:
    day: datetime.date
    period: str
    window: int | None  # None: the backup post
    status: str  # present, late, early, late_early, absent, leave, missing_out
    late_minutes: int = 0
    early_minutes: int = 0
    absence: Decimal = Decimal(0)  # days of 旷工 (0.5 for a half-day)
    leave_kind: str = ""
    off_post_minutes: int = 0

    @property
    def status_label(self) -> str:
        label = str(STATUS_LABELS[self.status])
        return f"{label}: {LeaveKind(self.leave_kind).label}" if self.leave_kind else label


def half_day_record(
    *,
    hall: Hall,
    day: datetime.date,
    period: str,
    window: int | None,
    punched_in: datetime.datetime | None,
    punched_out: datetime.datetime | None,
    leave_kind: str,
    threshold_minutes: int,
    missing_out_counts: bool = True,
    off_post_minutes: int = 0,
    now: datetime.datetime | None = None,
) -> HalfDayRecord:
    """One rostered half-day: on leave; absent without approved leave (旷工); late or early,
    and by more than the hall's threshold half a day of 旷工; no punch-out after closing
    counts as leaving early where the hall's rule says so (`missing_out_counts`)."""
    if leave_kind:
        return HalfDayRecord(day, period, window, "leave", leave_kind=leave_kind)
    starts, ends = opening(hall, day, period)
    if punched_in is None:
        return HalfDayRecord(day, period, window, "absent", absence=Decimal("0.5"))
    late = max(0, int((punched_in - starts).total_seconds() // 60))
    over = (now or timezone.now()) > ends
    early = max(0, int((ends - punched_out).total_seconds() // 60)) if punched_out else 0
    if punched_out is None and over:
        status = "missing_out"
    elif late and early:
        status = "late_early"
    elif late:
        status = "late"
    elif early:
        status = "early"
    else:
        status = "present"
    beyond = late > threshold_minutes or early > threshold_minutes
    missing_out = status == "missing_out" and missing_out_counts
    absence = Decimal("0.5") if beyond or missing_out else Decimal(0)
    return HalfDayRecord(
        day, period, window, status, late, early, absence, off_post_minutes=off_post_minutes
    )
