"""Rosters in the database (S2-S4): proposal, coverage, submission, approval, changes, CLI."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command

from hall.core.errors import PermissionDenied
from hall.core.hours import Period
from hall.rostering import selectors, services
from hall.rostering.choices import ChangeStatus, RosterStatus
from hall.rostering.errors import PersonAway, RosterHasGaps, RosterLocked, RosterWrongState
from hall.rostering.models import Assignment, WindowClosure
from hall.staff.models import Qualification, QualificationKind
from tests.rostering.conftest import DECEMBER, away

pytestmark = pytest.mark.django_db
D = datetime.date


def december_working_days():
    return selectors.working_days(DECEMBER).working_days


def test_required_slots_are_the_windows_on_every_working_half_day_less_closures(rhall):
    days = december_working_days()
    assert len(days) == 23  # December 2026: no holiday, 23 weekdays
    slots, _ = selectors.required_slots(rhall.hall, rhall.estate, DECEMBER)
    assert len(slots) == 23 * 2 * 2
    services.window_close(
        actor=rhall.office,
        window=rhall.windows[2],
        day=days[0],
        period=Period.PM,
        reason="设备检修",
    )
    slots, _ = selectors.required_slots(rhall.hall, rhall.estate, DECEMBER)
    assert len(slots) == 23 * 2 * 2 - 1


def test_a_proposal_covers_the_month_and_respects_leave(rhall):
    leave_day = D(2026, 12, 9)
    away(rhall.staff[0], leave_day, kind="sick")
    roster, solution = services.roster_propose(
        actor=rhall.head, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    assert solution.complete
    assert selectors.coverage_gaps(roster) == []
    assert not roster.assignments.filter(staff=rhall.staff[0], date=leave_day).exists()
    assert roster.assignments.filter(window__isnull=False).count() == 92


def test_an_infeasible_month_names_the_window_and_half_day(rhall, tmp_path):
    # Two of three on leave the same afternoon: one window of two cannot be staffed.
    day = D(2026, 12, 16)
    for person in rhall.staff[:2]:
        away(person, day, kind="personal", start_period=Period.PM)
    out = tmp_path / "roster.json"
    call_command(
        "roster",
        "propose",
        "--hall",
        "r",
        "--department",
        "estate",
        "--month",
        "2026-12",
        "--json",
        str(out),
    )
    report = json.loads(out.read_text())
    assert len(report["required"]) == 92
    assert len(report["assignments"]) == 91
    assert [(g["date"], g["period"]) for g in report["gaps"]] == [("2026-12-16", "pm")]
    gap = report["gaps"][0]
    assert gap["window"] in (1, 2)
    why = {c["staff"]: c["why_not"] for c in gap["candidates"]}
    assert why["甲"] == why["乙"] == "leave:personal"
    assert why["丙"] == f"at_window:{3 - gap['window']}"
    assert report["statistics"]["complete"] is False
    assert {"date", "period", "window", "staff", "post"} <= set(report["assignments"][0])


def test_an_expired_qualification_blocks_those_windows(rhall):
    kind = QualificationKind.objects.create(hall=rhall.hall, code="reg", name="不动产登记员")
    kind.windows.add(rhall.windows[1])
    for person, until in zip(
        rhall.staff, [D(2027, 1, 1), D(2027, 1, 1), D(2026, 11, 30)], strict=True
    ):
        Qualification.objects.create(staff=person, kind=kind, valid_until=until)
    roster, solution = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    assert solution.complete
    assert not roster.assignments.filter(staff=rhall.staff[2], window=rhall.windows[1]).exists()


def test_submission_is_late_from_the_first_of_the_month_and_approval_needs_full_coverage(rhall):
    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    gap_day = december_working_days()[0]
    Assignment.objects.filter(
        roster=roster, date=gap_day, period="am", window=rhall.windows[1]
    ).delete()
    with time_machine.travel("2026-11-30 17:00 +0800"):
        roster = services.roster_submit(actor=rhall.head, roster=roster)
    assert roster.status == RosterStatus.SUBMITTED and not roster.submitted_late
    with pytest.raises(RosterLocked):
        services.roster_propose(
            actor=rhall.head, hall=rhall.hall, department=rhall.estate, month=DECEMBER
        )
    with pytest.raises(PermissionDenied):
        services.roster_approve(actor=rhall.head, roster=roster)
    with pytest.raises(RosterHasGaps):
        services.roster_approve(actor=rhall.office, roster=roster)
    services.window_close(
        actor=rhall.office,
        window=rhall.windows[1],
        day=gap_day,
        period=Period.AM,
        reason="系统升级",
    )
    roster = services.roster_approve(actor=rhall.office, roster=roster)
    assert roster.status == RosterStatus.APPROVED


def test_late_submission_is_flagged(rhall):
    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    with time_machine.travel("2026-12-01 09:00 +0800"):
        roster = services.roster_submit(actor=rhall.head, roster=roster)
    assert roster.submitted_late


def test_returned_roster_can_be_edited_and_submitted_again(rhall):
    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    roster = services.roster_submit(actor=rhall.head, roster=roster)
    roster = services.roster_return(actor=rhall.office, roster=roster, comments="请均衡安排")
    assert roster.status == RosterStatus.RETURNED and roster.comments == "请均衡安排"
    day = december_working_days()[0]
    services.roster_assign(
        actor=rhall.head,
        roster=roster,
        day=day,
        period=Period.AM,
        window=rhall.windows[1],
        staff=rhall.staff[2],
    )
    assert (
        roster.assignments.get(date=day, period="am", window=rhall.windows[1]).staff
        == rhall.staff[2]
    )
    assert services.roster_submit(actor=rhall.head, roster=roster).status == RosterStatus.SUBMITTED


def test_changes_after_approval_are_requests_the_office_decides(rhall):
    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    roster = services.roster_approve(
        actor=rhall.office, roster=services.roster_submit(actor=rhall.head, roster=roster)
    )
    with pytest.raises(RosterLocked):
        services.roster_assign(
            actor=rhall.head,
            roster=roster,
            day=december_working_days()[0],
            period=Period.AM,
            window=rhall.windows[1],
            staff=None,
        )
    day = december_working_days()[1]
    current = roster.assignments.get(date=day, period="am", window=rhall.windows[1]).staff
    other = next(p for p in rhall.staff if p != current)
    change = services.roster_change_request(
        actor=rhall.head,
        roster=roster,
        day=day,
        period=Period.AM,
        window=rhall.windows[1],
        to_staff=other,
        reason="调班",
    )
    assert roster.assignments.get(date=day, period="am", window=rhall.windows[1]).staff == current
    change = services.roster_change_decide(actor=rhall.office, change=change, approve=True)
    assert change.status == ChangeStatus.APPROVED and change.from_staff == current
    assert roster.assignments.get(date=day, period="am", window=rhall.windows[1]).staff == other
    with pytest.raises(RosterWrongState):
        services.roster_change_decide(actor=rhall.office, change=change, approve=False)


def test_nobody_is_placed_while_on_leave_by_hand(rhall):
    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    day = december_working_days()[2]
    away(rhall.staff[1], day, kind="vacation")
    with pytest.raises(PersonAway):
        services.roster_assign(
            actor=rhall.head,
            roster=roster,
            day=day,
            period=Period.PM,
            window=rhall.windows[2],
            staff=rhall.staff[1],
        )


def test_the_roster_api_proposes_reads_and_refuses_an_empty_approval(rhall):
    from tests.http import bearer, post

    head, office = bearer(rhall.head), bearer(rhall.office)
    empty = head.get("/api/v1/halls/r/rosters/estate/2026-12")
    assert empty.status_code == 200 and len(empty.json()["gaps"]) == 92
    post(head, "/api/v1/halls/r/rosters/estate/2026-12/submit")
    refused = post(office, "/api/v1/halls/r/rosters/estate/2026-12/approve")
    assert refused.status_code == 409 and refused.json()["code"] == "roster_has_gaps"
    assert (
        post(head, "/api/v1/halls/r/rosters/estate/2026-12/propose").status_code == 409
    )  # submitted
    services.roster_return(
        actor=rhall.office,
        roster=services.roster_of(rhall.hall, rhall.estate, DECEMBER),
        comments="请排满",
    )
    proposed = post(head, "/api/v1/halls/r/rosters/estate/2026-12/propose")
    body = proposed.json()
    assert body["gaps"] == [] and len([a for a in body["assignments"] if a["window"]]) == 92
    assert {a["staff"] for a in body["assignments"]} <= {"s0", "s1", "s2"}
    window_staff = bearer(rhall.staff[0])
    assert window_staff.get("/api/v1/halls/r/rosters/estate/2026-12").status_code == 200
    assert post(window_staff, "/api/v1/halls/r/rosters/estate/2026-12/propose").status_code == 403


def test_reading_a_month_nobody_planned_creates_nothing(rhall):
    from hall.rostering.models import Roster
    from tests.http import bearer

    response = bearer(rhall.head).get("/api/v1/halls/r/rosters/estate/2027-03")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["assignments"]) == ("draft", [])
    assert len(response.json()["gaps"]) > 0  # what must be staffed is shown already
    assert not Roster.objects.exists()


@pytest.mark.parametrize("month", ["2031-01", "2026-09"])
def test_a_roster_is_started_only_for_a_month_that_may_be_planned(rhall, month):
    from hall.rostering.models import Roster
    from tests.http import bearer, post

    response = post(bearer(rhall.head), f"/api/v1/halls/r/rosters/estate/{month}/propose")
    assert response.status_code == 422
    assert response.json()["code"] == "month_not_plannable"
    assert not Roster.objects.exists()
    far = bearer(rhall.head).get("/api/v1/halls/r/rosters/estate/9999-12")
    assert far.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_solver_runs_outside_the_write_transaction(rhall, monkeypatch):
    """Seconds of CP-SAT must not hold the database's writer lock (SQLite: the hall's)."""
    from django.db import connection

    from hall.rostering import solver

    seen = []
    real_solve = solver.solve

    def solve(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(services, "solve", solve)
    services.roster_propose(
        actor=rhall.head, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    assert seen == [False]
    assert services.roster_of(rhall.hall, rhall.estate, DECEMBER).placed().exists()


def test_reasons_are_required_by_the_services_not_only_the_pages(rhall):
    """A return, a closed window and a change after approval are explained, whichever way
    they come (page, API, command)."""
    from hall.core.errors import ReasonRequired

    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    roster = services.roster_submit(actor=rhall.head, roster=roster)
    with pytest.raises(ReasonRequired):
        services.roster_return(actor=rhall.office, roster=roster, comments="  ")
    with pytest.raises(ReasonRequired):
        services.window_close(
            actor=rhall.office,
            window=rhall.windows[1],
            day=december_working_days()[0],
            period=Period.AM,
            reason="",
        )
    roster.refresh_from_db()
    assert roster.status == RosterStatus.SUBMITTED
    assert not WindowClosure.objects.exists()
