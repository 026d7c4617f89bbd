"""S5 and the A/B cover: punches against the roster, lateness and 旷工, the leave ladder, the
B post taking over, the monthly sheet, with frozen time across National Day 2026."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from hall.attendance import selectors, services
from hall.attendance.errors import LeaveHasNoWorkingDay, LeaveOverlaps
from hall.attendance.models import LeaveKind, LeaveRequest, LeaveStatus, PunchKind
from hall.core.errors import PermissionDenied
from hall.core.hours import Period
from hall.core.models import OutboxMessage
from hall.core.roles import Role
from hall.rostering import services as rostering
from hall.rostering.choices import RosterStatus
from hall.rostering.models import Handover, Roster
from hall.staff.models import ABPair
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.rostering.conftest import RosterHall

pytestmark = pytest.mark.django_db
D = datetime.date
OCTOBER = D(2026, 10, 1)


def at(moment: str):
    return time_machine.travel(f"{moment} +0800", tick=False)


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def october(db):
    """The estate department's October roster: A 甲 and B 乙 at window 1, 丙 at window 2."""
    rhall = RosterHall()
    a, b, c = rhall.staff
    for person, mobile in zip(
        rhall.staff, ["13900000011", "13900000012", "13900000013"], strict=True
    ):
        person.mobile = mobile
        person.save()
    ABPair.objects.create(window=rhall.windows[1], a_staff=a, b_staff=b)
    roster = Roster.objects.create(
        hall=rhall.hall, department=rhall.estate, month=OCTOBER, status=RosterStatus.APPROVED
    )
    for day in rostering.selectors.working_days(OCTOBER).working_days:
        for period in ("am", "pm"):
            roster.assignments.create(
                date=day, period=period, window=rhall.windows[1], staff=a, post="A"
            )
            roster.assignments.create(
                date=day, period=period, window=rhall.windows[2], staff=c, post="A"
            )
            roster.assignments.create(date=day, period=period, window=None, staff=b, post="")
    rhall.roster = roster
    return rhall


def test_the_make_up_saturday_is_rostered_and_the_holidays_are_not(october):
    days = rostering.selectors.working_days(OCTOBER).working_days
    assert D(2026, 10, 10) in days  # 调休 Saturday
    assert not {D(2026, 10, d) for d in range(1, 8)} & set(days)


def test_late_early_and_absent_against_the_roster(october):
    a = october.staff[0]
    with at("2026-10-09 08:10"):
        services.punch(staff=a, kind=PunchKind.IN)  # 10 minutes late: late, not 旷工
    with at("2026-10-09 12:00"):
        services.punch(staff=a, kind=PunchKind.OUT)
    with at("2026-10-09 13:55"):
        services.punch(staff=a, kind=PunchKind.IN)  # 25 minutes late: half a day of 旷工
    with at("2026-10-09 16:50"):
        services.punch(staff=a, kind=PunchKind.OUT)
    # Saturday 10-10 (make-up day): no punch at all in the morning.
    with at("2026-10-10 13:30"):
        services.punch(staff=a, kind=PunchKind.IN)
    with at("2026-10-10 16:30"):
        services.punch(staff=a, kind=PunchKind.OUT)  # 30 minutes early: 旷工
    with at("2026-10-10 18:00"):
        records = {(r.day, r.period): r for r in selectors.month_records(a, OCTOBER)}
    assert records[(D(2026, 10, 9), "am")].status == "late"
    assert records[(D(2026, 10, 9), "am")].absence == 0
    assert records[(D(2026, 10, 9), "pm")].late_minutes == 25
    assert records[(D(2026, 10, 9), "pm")].absence == Decimal("0.5")
    assert records[(D(2026, 10, 10), "am")].status == "absent"
    assert records[(D(2026, 10, 10), "pm")].status == "early"
    assert records[(D(2026, 10, 10), "pm")].absence == Decimal("0.5")
    assert (D(2026, 10, 12), "am") not in records  # not yet


def test_a_double_punch_keeps_the_first_in_and_the_last_out(october):
    a = october.staff[0]
    with at("2026-10-12 07:55"):
        first = services.punch(staff=a, kind=PunchKind.IN)
    with at("2026-10-12 08:20"):
        again = services.punch(staff=a, kind=PunchKind.IN)
    assert again.pk == first.pk and again.at == first.at


def test_opening_the_window_workstation_punches_in_but_its_get_writes_nothing(
    october, django_capture_on_commit_callbacks
):
    a = october.staff[0]
    client = logged_in(a)
    with at("2026-10-12 07:58"):
        page = client.get(f"/window/{october.hall.code}/1/")
        assert page.status_code == 200
        assert not a.punches.exists()  # a GET never writes
        # The page posts "open" once it is there.
        assert f'hx-post="/window/{october.hall.code}/1/open/" hx-trigger="load"' in (
            page.content.decode()
        )
        with django_capture_on_commit_callbacks(execute=True):  # attendance hears it after
            opened = client.post(f"/window/{october.hall.code}/1/open/", HTTP_HX_REQUEST="true")
    assert opened.status_code == 204
    assert a.punches.get().kind == PunchKind.IN


def test_leave_ladder_short_in_the_department_longer_at_the_office(october):
    a = october.staff[0]
    chief = UserFactory(username="chief", hall=october.hall, role=Role.CHIEF_REPRESENTATIVE)
    chief.departments.add(october.estate)
    with at("2026-10-09 09:00"):
        one_day = services.leave_request(
            actor=a,
            staff=a,
            kind=LeaveKind.PERSONAL,
            start_date=D(2026, 10, 13),
            end_date=D(2026, 10, 13),
        )
        two_days = services.leave_request(
            actor=a,
            staff=a,
            kind=LeaveKind.VACATION,
            start_date=D(2026, 10, 15),
            end_date=D(2026, 10, 16),
        )
        with pytest.raises(PermissionDenied):
            services.leave_decide(actor=a, request=one_day, approve=True)  # not one's own
        assert (
            services.leave_decide(actor=chief, request=one_day, approve=True).status
            == LeaveStatus.APPROVED
        )
        with pytest.raises(PermissionDenied):
            services.leave_decide(actor=chief, request=two_days, approve=True)
        assert (
            services.leave_decide(actor=october.office, request=two_days, approve=True).status
            == LeaveStatus.APPROVED
        )
        with pytest.raises(LeaveOverlaps):
            services.leave_request(
                actor=a,
                staff=a,
                kind=LeaveKind.SICK,
                start_date=D(2026, 10, 16),
                end_date=D(2026, 10, 19),
            )
        with pytest.raises(LeaveHasNoWorkingDay):
            services.leave_request(
                actor=a,
                staff=a,
                kind=LeaveKind.SICK,
                start_date=D(2026, 10, 3),
                end_date=D(2026, 10, 4),
            )
    assert services.leave_days(two_days) == 2


def test_approved_leave_of_the_a_post_hands_the_window_to_the_b_post(october):
    a, b, _c = october.staff
    with at("2026-10-09 09:00"):
        request = services.leave_request(
            actor=a,
            staff=a,
            kind=LeaveKind.SICK,
            start_date=D(2026, 10, 14),
            end_date=D(2026, 10, 14),
            start_period=Period.PM,
        )
        services.leave_decide(actor=october.office, request=request, approve=True)
    moved = october.roster.assignments.get(
        date=D(2026, 10, 14), period="pm", window=october.windows[1]
    )
    assert moved.staff == b and moved.post == "B"
    assert (
        october.roster.assignments.get(
            date=D(2026, 10, 14), period="am", window=october.windows[1]
        ).staff
        == a
    )
    assert Handover.objects.get().reason == "leave"
    assert {m.recipient.plaintext for m in OutboxMessage.objects.all()} == {
        "13900000011",
        "13900000012",
    }
    with at("2026-10-14 15:00"):
        screen = Client().get(f"/board/{october.hall.code}/window/1/").content.decode()
    assert "乙" in screen


def test_an_a_post_not_punched_in_is_covered_by_the_b_post(october):
    a, b, c = october.staff
    with at("2026-10-12 07:59"):
        services.punch(staff=c, kind=PunchKind.IN)
    with at("2026-10-12 08:05"):
        assert services.cover_missing_a_posts(datetime.datetime.now(datetime.UTC)) == 0  # not yet
    with at("2026-10-12 08:11"):
        assert services.cover_missing_a_posts(datetime.datetime.now(datetime.UTC)) == 1
        assert services.cover_missing_a_posts(datetime.datetime.now(datetime.UTC)) == 0  # once
    assert (
        october.roster.assignments.get(
            date=D(2026, 10, 12), period="am", window=october.windows[1]
        ).staff
        == b
    )
    with at("2026-10-12 13:35"):
        services.punch(staff=a, kind=PunchKind.IN)
        assert services.cover_missing_a_posts(datetime.datetime.now(datetime.UTC)) == 0


def test_monthly_sheet_adds_up(october):
    a = october.staff[0]
    with at("2026-10-09 09:00"):
        request = services.leave_request(
            actor=a,
            staff=a,
            kind=LeaveKind.PERSONAL,
            start_date=D(2026, 10, 12),
            end_date=D(2026, 10, 12),
        )
        services.leave_decide(actor=october.office, request=request, approve=True)
    with at("2026-10-13 08:00"):
        services.punch(staff=a, kind=PunchKind.IN)
    with at("2026-10-13 12:00"):
        services.punch(staff=a, kind=PunchKind.OUT)
    with at("2026-10-13 12:30"):
        rows = {row.staff.username: row for row in selectors.monthly_sheet(october.estate, OCTOBER)}
    # 10-08 (Thu), 10-09, 10-10 (make-up Sat): 6 half-days absent; 10-12 on leave; 10-13 am present.
    row = rows["s0"]
    assert row.rostered == 9
    assert row.absence_days == Decimal(3)
    assert row.leave_days == {"personal": Decimal(1)}
    assert row.present == 1
    sheet = logged_in(october.head).get("/attendance/estate/2026-10.xlsx")
    assert sheet.status_code == 200


def test_off_post_time_comes_from_the_window_pauses(october):
    from hall.queueing.services import window_pause, window_resume

    a = october.staff[0]
    window = october.windows[1]
    window.state = "open"
    window.save()
    with at("2026-10-09 08:00"):
        services.punch(staff=a, kind=PunchKind.IN)
    with at("2026-10-09 09:00"):
        window_pause(window=window, actor=a, reason="取材料")
    with at("2026-10-09 09:25"):
        window_resume(window=window, actor=a)
    with at("2026-10-09 12:30"):
        records = {(r.day, r.period): r for r in selectors.month_records(a, OCTOBER)}
    assert records[(D(2026, 10, 9), "am")].off_post_minutes == 25


def test_a_day_off_wish_on_a_coming_working_day(october):
    from hall.rostering.errors import NotAWorkingHalfDay

    a = october.staff[0]
    with at("2026-10-09 09:00"):
        wish = rostering.day_off_request(staff=a, day=D(2026, 10, 20), note="孩子家长会")
        with pytest.raises(NotAWorkingHalfDay):
            rostering.day_off_request(staff=a, day=D(2026, 10, 3))  # a holiday
        with pytest.raises(NotAWorkingHalfDay):
            rostering.day_off_request(staff=a, day=D(2026, 10, 8))  # already past
    assert wish.note == "孩子家长会"


def test_a_punch_through_the_api(october):
    from tests.http import bearer, post

    with at("2026-10-12 07:57"):
        response = post(bearer(october.staff[2]), "/api/v1/attendance/punch", {"kind": "in"})
    assert response.status_code == 200
    assert response.json()["period"] == "am" and response.json()["date"] == "2026-10-12"


def test_a_draft_roster_is_not_in_force(october):
    Roster.objects.filter(pk=october.roster.pk).update(status=RosterStatus.DRAFT)
    a = october.staff[0]
    with at("2026-10-12 08:30"):
        assert services.cover_missing_a_posts(datetime.datetime.now(datetime.UTC)) == 0
        assert selectors.month_records(a, OCTOBER) == []


def test_a_leave_is_bounded_before_any_work_and_a_huge_one_changes_nothing(october):
    """A leave to 9999-12-31 once held SQLite's writer lock for minutes; now it is refused
    before anything is counted."""
    from hall.attendance.errors import LeaveTooLong
    from hall.core.inputs import DateOutOfRange

    a = october.staff[0]
    with at("2026-10-09 09:00"):
        with pytest.raises(DateOutOfRange):
            services.leave_request(
                actor=a,
                staff=a,
                kind=LeaveKind.PERSONAL,
                start_date=datetime.date(2026, 12, 10),
                end_date=datetime.date(9999, 12, 31),
            )
        with pytest.raises(LeaveTooLong):
            services.leave_request(
                actor=a,
                staff=a,
                kind=LeaveKind.PERSONAL,
                start_date=datetime.date(2026, 12, 10),
                end_date=datetime.date(2027, 12, 11),  # 367 days
            )
        year = services.leave_request(
            actor=a,
            staff=a,
            kind=LeaveKind.SICK,
            start_date=datetime.date(2026, 12, 10),
            end_date=datetime.date(2027, 12, 10),  # 366 days: the default limit
        )
    assert LeaveRequest.objects.filter(staff=a).count() == 1
    assert services.leave_days(year) > 240


def test_a_missing_punch_out_counts_as_leaving_early_unless_the_hall_says_otherwise(october):
    from hall.attendance.models import AttendanceSettings, MissingPunchOutRule

    a = october.staff[0]
    with at("2026-10-09 08:00"):
        services.punch(staff=a, kind=PunchKind.IN)
    with at("2026-10-09 12:30"):  # the morning is over, no punch out
        record = selectors.month_records(a, OCTOBER)[-1]
    assert (record.day, record.period, record.status) == (D(2026, 10, 9), "am", "missing_out")
    assert record.absence == Decimal("0.5")

    AttendanceSettings.objects.create(
        hall=october.hall, missing_punch_out=MissingPunchOutRule.RECORD_ONLY
    )
    with at("2026-10-09 12:30"):
        record = selectors.month_records(a, OCTOBER)[-1]
    assert (record.status, record.absence) == ("missing_out", 0)


def test_a_forgotten_punch_is_asked_for_with_a_reason_and_the_ladder_decides(october):
    from hall.attendance.errors import (
        AlreadyPunched,
        CorrectionNotPossible,
        CorrectionReasonRequired,
    )
    from hall.attendance.models import CorrectionStatus, Punch

    a = october.staff[0]
    with at("2026-10-09 08:00"):
        services.punch(staff=a, kind=PunchKind.IN)

    def ask(**changes):
        arguments = {
            "staff": a,
            "day": D(2026, 10, 9),
            "period": "am",
            "kind": PunchKind.OUT,
            "at": datetime.time(12, 0),
            "reason": "忘记打卡，已在窗口服务至中午",
        } | changes
        return services.punch_correction_request(**arguments)

    with at("2026-10-12 09:00"):
        with pytest.raises(CorrectionReasonRequired):
            ask(reason="  ")
        with pytest.raises(AlreadyPunched):
            ask(kind=PunchKind.IN)
        with pytest.raises(CorrectionNotPossible):
            ask(day=D(2026, 9, 28))  # more than the hall's 7 days ago
        with pytest.raises(CorrectionNotPossible):
            ask(at=datetime.time(22, 30))  # not within the half-day
        correction = ask()
        with pytest.raises(PermissionDenied):  # never one's own
            services.punch_correction_decide(actor=a, correction=correction, approve=True)
        decided = services.punch_correction_decide(
            actor=october.head, correction=correction, approve=True
        )
        records = {(r.day, r.period): r for r in selectors.month_records(a, OCTOBER)}
    assert decided.status == CorrectionStatus.APPROVED
    punch = Punch.objects.get(staff=a, date=D(2026, 10, 9), period="am", kind=PunchKind.OUT)
    assert punch.source == "correction"
    assert (records[(D(2026, 10, 9), "am")].status, records[(D(2026, 10, 9), "am")].absence) == (
        "present",
        0,
    )


def test_the_attendance_page_asks_for_and_approves_a_forgotten_punch(october):
    a = october.staff[0]
    with at("2026-10-12 09:00"):
        asked = logged_in(a).post(
            "/attendance/corrections/",
            {
                "date": "2026-10-09",
                "period": "pm",
                "kind": "in",
                "at": "13:30",
                "reason": "门禁故障",
            },
            HTTP_HX_REQUEST="true",
        )
        assert asked.status_code == 200
        head = logged_in(october.head)
        page = head.get("/attendance/").content.decode()
        assert "门禁故障" in page
        correction = a.punch_corrections.get()
        head.post(f"/attendance/corrections/{correction.pk}/approve/", HTTP_HX_REQUEST="true")
    assert a.punches.get().source == "correction"


def test_the_leave_page_asks_before_a_past_leave_and_says_it_was_sent(october):
    """A leave that began already is asked afterwards on purpose (a mistyped year is caught);
    the request is confirmed, and listed with its years and half-days."""
    a = october.staff[0]
    page = logged_in(a)
    leave = {"kind": "personal", "start_date": "2026-10-08", "start_period": "am"}
    leave |= {"end_date": "2026-10-08", "end_period": "pm", "reason": "家中有事"}
    with at("2026-10-09 09:00"):
        refused = page.post("/attendance/leave/", leave, HTTP_HX_REQUEST="true")
        assert "2026-10-08 已过" in refused.content.decode()
        assert not LeaveRequest.objects.exists()
        sent = page.post("/attendance/leave/", leave | {"afterwards": "on"}, HTTP_HX_REQUEST="true")
        assert sent.status_code == 200 and LeaveRequest.objects.count() == 1
        mine = page.get("/attendance/").content.decode()
    assert "请假申请已提交，等待审批。" in mine
    assert "2026-10-08 上午 – 2026-10-08 下午 · 待审批" in mine
    wrong = page.post("/attendance/leave/", leave | {"start_date": "x"}, HTTP_HX_REQUEST="true")
    assert "开始日期：" in wrong.content.decode() and "start_date" not in wrong.content.decode()
