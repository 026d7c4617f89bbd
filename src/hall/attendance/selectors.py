"""The month's attendance of a person and of a department (S5), measured against the roster."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from hall.attendance.models import (
    CorrectionStatus,
    LeaveRequest,
    LeaveStatus,
    MissingPunchOutRule,
    Punch,
    PunchCorrection,
    PunchKind,
)
from hall.attendance.services import (
    APPROVE_ANY,
    HalfDayRecord,
    attendance_settings,
    half_day_record,
    may_decide,
    may_decide_correction,
)
from hall.core.access import departments_in_charge
from hall.core.errors import NotFound
from hall.core.hours import PERIODS, half_day_of, opening
from hall.core.models import AuditRecord, Department, Hall, User
from hall.rostering.selectors import month_days, rostered_half_days, working_days

OffPost = dict[int, dict[tuple[datetime.date, str], int]]  # person -> half-day -> minutes


def off_post_minutes(hall: Hall, month: datetime.date) -> OffPost:
    """Minutes each window stood paused after someone paused it (离岗), per person and
    half-day, from the windows' audited state changes: read once for a whole sheet."""
    days = month_days(month)
    changes = AuditRecord.objects.filter(
        action="window.state_changed",
        hall=hall,
        created_at__date__range=(days[0], days[-1] + datetime.timedelta(days=1)),
    ).order_by("created_at")
    paused_since: dict[str, tuple[datetime.datetime, int | None]] = {}
    minutes: OffPost = defaultdict(lambda: defaultdict(int))
    for change in changes:
        state = (change.changes.get("state") or [None, None])[1]
        if state == "paused":
            paused_since[change.target_id] = (change.created_at, change.actor_id)
        elif change.target_id in paused_since:
            started, by = paused_since.pop(change.target_id)
            if by is not None:
                minutes[by][half_day_of(hall, started)] += int(
                    (change.created_at - started).total_seconds() // 60
                )
    return minutes


def month_records(
    staff: User,
    month: datetime.date,
    *,
    now: datetime.datetime | None = None,
    off_post: OffPost | None = None,
) -> list[HalfDayRecord]:
    """Every rostered half-day of the month up to now, judged."""
    hall = staff.hall
    if hall is None:
        return []
    now = now or timezone.now()
    days = month_days(month)
    punches = {
        (p.date, p.period, p.kind): p.at
        for p in Punch.objects.filter(staff=staff, date__range=(days[0], days[-1]))
    }
    leave = list(
        LeaveRequest.objects.filter(
            staff=staff,
            status=LeaveStatus.APPROVED,
            start_date__lte=days[-1],
            end_date__gte=days[0],
        )
    )
    rules = attendance_settings(hall)
    mine = (off_post if off_post is not None else off_post_minutes(hall, month)).get(staff.pk, {})
    windows = rostered_half_days(staff.pk, days[0], days[-1])
    # Leave counts on every working half-day it covers, rostered or handed over (B岗顶岗).
    for day in working_days(month).working_days:
        for period in PERIODS:
            if any(r.covers(day, period) for r in leave):
                windows.setdefault((day, period), None)
    records = []
    for (day, period), window in sorted(windows.items()):
        starts, _ends = opening(hall, day, period)
        if starts > now:
            continue  # not yet
        kind = next((r.kind for r in leave if r.covers(day, period)), "")
        records.append(
            half_day_record(
                hall=hall,
                day=day,
                period=period,
                window=window,
                punched_in=punches.get((day, period, PunchKind.IN)),
                punched_out=punches.get((day, period, PunchKind.OUT)),
                leave_kind=kind,
                threshold_minutes=rules.absence_threshold_minutes,
                missing_out_counts=rules.missing_punch_out == MissingPunchOutRule.EARLY_LEAVE,
                off_post_minutes=mine.get((day, period), 0),
                now=now,
            )
        )
    return records


@dataclass
class SheetRow:
    staff: User
    rostered: int = 0
    present: int = 0
    late: int = 0
    early: int = 0
    missing_out: int = 0
    absence_days: Decimal = Decimal(0)
    leave_days: dict[str, Decimal] = field(default_factory=dict)
    off_post_minutes: int = 0


def monthly_sheet(
    department: Department, month: datetime.date, *, now: datetime.datetime | None = None
) -> list[SheetRow]:
    """The department's attendance sheet (考勤表) for the month, a row per person."""
    people = User.objects.filter(profile__department=department, is_active=True).order_by(
        "staff_number", "username"
    )
    off_post = off_post_minutes(department.hall, month)
    rows = []
    for person in people:
        row = SheetRow(person)
        for record in month_records(person, month, now=now, off_post=off_post):
            row.rostered += 1
            row.present += record.status in (
                "present",
                "late",
                "early",
                "late_early",
                "missing_out",
            )
            row.late += record.late_minutes > 0
            row.early += record.early_minutes > 0
            row.missing_out += record.status == "missing_out"
            row.absence_days += record.absence
            if record.leave_kind:
                row.leave_days[record.leave_kind] = row.leave_days.get(
                    record.leave_kind, Decimal(0)
                ) + Decimal("0.5")
            row.off_post_minutes += record.off_post_minutes
        rows.append(row)
    return rows


# --- what a person's attendance page shows -----------------------------------------------------


def punches_of(staff: User, day: datetime.date) -> list[Punch]:
    return list(Punch.objects.filter(staff=staff, date=day))


def recent_leave_of(staff: User) -> list[LeaveRequest]:
    return list(LeaveRequest.objects.filter(staff=staff)[:20])


def recent_corrections_of(staff: User) -> list[PunchCorrection]:
    return list(PunchCorrection.objects.filter(staff=staff)[:10])


def leave_to_decide(actor: User) -> list[LeaveRequest]:
    """Pending leave of the actor's hall that the ladder lets the actor decide."""
    pending = LeaveRequest.objects.filter(
        status=LeaveStatus.PENDING, staff__hall=actor.hall
    ).select_related("staff")
    return [request for request in pending if may_decide(actor, request)]


def corrections_to_decide(actor: User) -> list[PunchCorrection]:
    pending = PunchCorrection.objects.filter(
        status=CorrectionStatus.PENDING, staff__hall=actor.hall
    ).select_related("staff")
    return [correction for correction in pending if may_decide_correction(actor, correction)]


def leave_request_in_hall(actor: User, request_id: int) -> LeaveRequest:
    """A leave request of the actor's hall (404 elsewhere); who may decide it is the ladder's."""
    found = LeaveRequest.objects.filter(pk=request_id, staff__hall=actor.hall).first()
    if found is None:
        raise NotFound()
    return found


def correction_in_hall(actor: User, correction_id: int) -> PunchCorrection:
    found = PunchCorrection.objects.filter(pk=correction_id, staff__hall=actor.hall).first()
    if found is None:
        raise NotFound()
    return found


def sheet_departments(user: User) -> QuerySet[Department]:
    """The departments whose monthly sheet the user may open (the office: every one)."""
    return departments_in_charge(user, office_permission=APPROVE_ANY)


def punched_in(hall: Hall, day: datetime.date, period: str) -> set[int]:
    """Who of the hall has punched in for that half-day."""
    return set(
        Punch.objects.filter(
            staff__hall=hall, date=day, period=period, kind=PunchKind.IN
        ).values_list("staff_id", flat=True)
    )
