"""Roster endpoints (S2-S4): read a month, propose it, and the proposal's report."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hall.core.access import access_hall, request_user
from hall.rostering import selectors, services
from hall.rostering.access import access_roster
from hall.rostering.models import Roster

router = Router(tags=["rosters"])


class AssignmentOut(Schema):
    date: datetime.date
    period: str
    window: int | None = Field(..., description="null: the backup post")
    staff: str = Field(..., description="username")
    post: str = Field(..., description='"A", "B", or "" on the backup post')


class GapOut(Schema):
    date: datetime.date
    period: str
    window: int


class RosterOut(Schema):
    department: str
    month: str
    status: str
    submitted_late: bool
    comments: str
    assignments: list[AssignmentOut]
    gaps: list[GapOut]


def roster_out(roster: Roster) -> RosterOut:
    return RosterOut(
        department=roster.department.code,
        month=f"{roster.month:%Y-%m}",
        status=roster.status,
        submitted_late=roster.submitted_late,
        comments=roster.comments,
        assignments=[
            AssignmentOut(
                date=a.date,
                period=a.period,
                window=a.window.number if a.window else None,
                staff=a.staff.get_username(),
                post=a.post,
            )
            for a in roster.placed().select_related("window", "staff")
        ],
        gaps=[
            GapOut(date=g.day, period=g.period, window=g.window)
            for g in selectors.coverage_gaps(roster)
        ],
    )


def _roster(request: HttpRequest, hall: str, department: str, month: str) -> Roster:
    the_hall = access_hall(request.user, hall)
    return access_roster(request.user, department, month, hall=the_hall)


@router.get("halls/{hall}/rosters/{department}/{month}", response=RosterOut)
def roster_detail(request: HttpRequest, hall: str, department: str, month: str) -> RosterOut:
    """The month's roster (`month` as 2027-01) and the window half-days nobody staffs."""
    return roster_out(_roster(request, hall, department, month))


@router.post("halls/{hall}/rosters/{department}/{month}/propose", response=RosterOut)
def roster_propose(request: HttpRequest, hall: str, department: str, month: str) -> RosterOut:
    """Fill the draft with the solver's proposal (CP-SAT); gaps are listed, never hidden."""
    roster = _roster(request, hall, department, month)
    roster, _solution = services.roster_propose(
        actor=request_user(request),
        hall=roster.hall,
        department=roster.department,
        month=roster.month,
        via="api",
    )
    return roster_out(roster)


@router.post("halls/{hall}/rosters/{department}/{month}/submit", response=RosterOut)
def roster_submit(request: HttpRequest, hall: str, department: str, month: str) -> RosterOut:
    roster = _roster(request, hall, department, month)
    return roster_out(services.roster_submit(actor=request_user(request), roster=roster, via="api"))


@router.post("halls/{hall}/rosters/{department}/{month}/approve", response=RosterOut)
def roster_approve(request: HttpRequest, hall: str, department: str, month: str) -> RosterOut:
    """The office's approval: refused while a required window half-day is empty."""
    roster = _roster(request, hall, department, month)
    return roster_out(
        services.roster_approve(actor=request_user(request), roster=roster, via="api")
    )
