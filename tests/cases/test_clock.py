"""The legal clock (C3) on the real 2026 calendar: holidays, make-up days, stops, extensions."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command

from hall.cases import clock, documents, services
from hall.cases.choices import CaseStatus, Warning
from hall.cases.errors import ExtensionTooLong
from hall.core import calendar

D = datetime.date


def at(day: str):
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def test_five_day_case_accepted_before_national_day_is_due_after_the_make_up_saturday(chall):
    with at("2026-09-30"):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    # 10-01…10-07 are holidays; Saturday 10-10 is a make-up workday.
    assert case.accepted_on == D(2026, 9, 30)
    assert case.due_date == D(2026, 10, 13)
    assert case.due_date == calendar.add_working_days(D(2026, 9, 30), 5).date


def test_the_command_line_due_date_agrees_with_the_case(chall, capsys):
    with at("2026-02-13"):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    call_command("calendar", "due", "2026-02-13", "5")
    assert case.due_date.isoformat() in capsys.readouterr().out


def test_spring_festival_2026_moves_the_due_date_past_the_holiday(chall):
    # Spring Festival 2026: 02-15…02-23 off; Saturday 02-14 and 02-28 are make-up workdays.
    with at("2026-02-12"):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    # Counted: 02-13 (Fri), 02-14 (make-up Sat), 02-24, 02-25, 02-26.
    assert case.due_date == D(2026, 2, 26)


def test_the_clock_stops_while_corrections_are_awaited_during_processing(chall):
    with at("2026-11-02"):  # Monday
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
        case = services.case_start(case=case, actor=chall.clerk)
    assert case.due_date == D(2026, 11, 9)
    with at("2026-11-03"):
        case = services.case_request_corrections(case=case, actor=chall.clerk, missing=["contract"])
    assert case.status == CaseStatus.CORRECTION_REQUESTED
    with at("2026-11-06"):  # Friday: 11-04, 11-05, 11-06 do not count
        case = services.case_resubmit(case=case, actor=chall.clerk, materials=["contract"])
    assert case.status == CaseStatus.IN_PROCESS
    assert case.paused_working_days == 3
    assert case.due_date == D(2026, 11, 12)
    assert case.events.filter(action="resubmit").get().detail["clock_stopped_days"] == 3


def _to(chall, status):
    """A case accepted on Monday 2026-11-02 (due 11-09), brought to `status`."""
    case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    if status == CaseStatus.ACCEPTED:
        return case
    case = services.case_start(case=case, actor=chall.clerk)
    if status == CaseStatus.APPROVAL:
        return services.case_submit_for_approval(case=case, actor=chall.clerk)
    inheritance = services.case_accept(
        case=chall.receive(service=chall.inheritance, materials=["id-card"]), actor=chall.clerk
    )
    inheritance = services.case_start(case=inheritance, actor=chall.clerk)
    return services.case_submit_for_approval(case=inheritance, actor=chall.chief, opinion="同意")


@pytest.mark.parametrize("status", [CaseStatus.ACCEPTED, CaseStatus.APPROVAL, CaseStatus.SENT_UP])
def test_the_clock_stops_for_corrections_at_every_stage_and_the_case_goes_back(chall, status):
    """C3: the clock stops whenever the applicant corrects materials, not only in process."""
    with at("2026-11-02"):
        case = _to(chall, status)
    assert case.status == status
    due = case.due_date
    with at("2026-11-03"):
        case = services.case_request_corrections(case=case, actor=chall.clerk, missing=["id-card"])
    assert (case.status, case.clock_paused_on) == (CaseStatus.CORRECTION_REQUESTED, D(2026, 11, 3))
    with at("2026-11-06"):
        case = services.case_resubmit(case=case, actor=chall.clerk, materials=["id-card"])
    assert case.status == status  # back where it was
    assert case.paused_working_days == 3
    assert case.due_date == calendar.add_working_days(due, 3).date


def test_an_extension_moves_the_due_date_and_is_capped_by_the_legal_maximum(chall):
    with at("2026-11-02"):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
        case = services.case_extend(case=case, actor=chall.head, days=10, reason="需实地查看")
    assert case.extension_days == 10
    assert case.due_date == D(2026, 11, 23)
    # promised 5 + 10 so far; legal 20 + legal extension 10 leaves 15 more at most.
    with pytest.raises(ExtensionTooLong):
        services.case_extend(case=case, actor=chall.head, days=16, reason="再延")
    case.refresh_from_db()
    assert case.extension_days == 10


def test_five_working_days_without_a_notice_make_the_case_accepted_as_of_arrival(chall):
    with at("2026-09-29"):
        case = chall.receive()
    assert case.status == CaseStatus.RECEIVED
    # Five working days after 09-29, over the National Day week: 09-30, 10-08, 10-09,
    # 10-10 (the make-up Saturday), 10-12.
    assert clock.notice_deadline(D(2026, 9, 29)) == D(2026, 10, 12)
    assert services.cases_deem_accepted(D(2026, 10, 12)) == 0
    assert services.cases_deem_accepted(D(2026, 10, 13)) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.deemed_accepted
    assert case.accepted_on == D(2026, 9, 29)
    assert case.due_date == calendar.add_working_days(D(2026, 9, 29), 5).date
    event = case.events.get(action="deemed_accepted")
    assert "2026-09-29" in event.reason and event.actor is None
    assert services.cases_deem_accepted(D(2026, 10, 14)) == 0  # once


def test_a_case_running_into_an_unknown_year_still_gets_a_date(chall):
    # 2027 is not in the calendar: Monday-Friday without the statutory holidays (元旦) is
    # assumed and the year is reported.
    with at("2026-12-28"):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    assert case.due_date == D(2027, 1, 5)
    assert calendar.add_working_days(D(2026, 12, 28), 5).unconfirmed_years == (2027,)
    assert documents.deadline(case).provisional


def test_warnings_go_once_to_the_handler_and_the_head(chall):
    from hall.core.models import OutboxMessage

    chall.clerk.mobile = "13900000002"
    chall.clerk.save()
    with at("2026-11-02"):
        case = services.case_accept(case=chall.receive(), actor=chall.clerk)
    assert case.due_date == D(2026, 11, 9)
    assert services.cases_warn(D(2026, 11, 3)) == 0  # 4 working days left, warning at 2
    assert services.cases_warn(D(2026, 11, 5)) == 2  # yellow to both
    assert services.cases_warn(D(2026, 11, 6)) == 0  # already told
    case.refresh_from_db()
    assert case.warning == Warning.YELLOW
    assert services.cases_warn(D(2026, 11, 10)) == 2  # red, overdue
    case.refresh_from_db()
    assert case.warning == Warning.RED
    assert OutboxMessage.objects.count() == 4
    assert {m.recipient.plaintext for m in OutboxMessage.objects.all()} == {
        "13900000001",
        "13900000002",
    }
