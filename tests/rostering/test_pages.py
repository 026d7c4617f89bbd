"""Roster pages: the month grid, its buttons, cell edits, change requests, the Excel file."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from hall.rostering import services
from hall.rostering.choices import ChangeStatus, RosterStatus
from hall.rostering.models import Roster, RosterChange
from tests.conftest import logged_in
from tests.rostering.conftest import DECEMBER

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/rosters/estate/2026-12/"


def test_head_proposes_and_submits_from_the_grid(rhall):
    head = logged_in(rhall.head)
    page = head.get(URL).content.decode()
    assert "不动产登记中心" in page and "92 个窗口半天无人值守" in page
    proposed = head.post(URL + "propose/", **HTMX)
    assert proposed["HX-Redirect"] == URL
    page = head.get(URL).content.decode()
    assert "0 个窗口半天无人值守" in page
    assert page.count("selected>甲") + page.count("selected>乙") + page.count("selected>丙") == 92
    head.post(URL + "submit/", **HTMX)
    assert Roster.objects.get().status == RosterStatus.SUBMITTED


def test_a_cell_edit_and_its_refusal_when_the_person_is_elsewhere(rhall):
    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    head = logged_in(rhall.head)
    at_one = roster.assignments.get(date="2026-12-01", period="am", window=rhall.windows[1]).staff
    at_two = roster.assignments.get(date="2026-12-01", period="am", window=rhall.windows[2]).staff
    refused = head.post(
        URL + "cell/",
        {"day": "2026-12-01", "period": "am", "window": 1, "staff": at_two.pk},
        **HTMX,
    )
    assert refused.status_code == 409
    assert refused["HX-Retarget"] == "#messages"
    emptied = head.post(
        URL + "cell/", {"day": "2026-12-01", "period": "am", "window": 1, "staff": ""}, **HTMX
    )
    assert emptied.status_code == 200
    assert not roster.assignments.filter(
        date="2026-12-01", period="am", window=rhall.windows[1]
    ).exists()
    assert at_one != at_two


def test_the_office_returns_then_approves_and_changes_go_through_requests(rhall):
    roster, _ = services.roster_propose(
        actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER
    )
    services.roster_submit(actor=rhall.head, roster=roster)
    office = logged_in(rhall.office)
    assert office.post(URL + "return/", {"comments": ""}, **HTMX).status_code == 422
    office.post(URL + "return/", {"comments": "周三请多排一人"}, **HTMX)
    roster.refresh_from_db()
    assert roster.status == RosterStatus.RETURNED
    assert "周三请多排一人" in logged_in(rhall.head).get(URL).content.decode()
    services.roster_submit(actor=rhall.head, roster=roster)
    office.post(URL + "approve/", **HTMX)
    roster.refresh_from_db()
    assert roster.status == RosterStatus.APPROVED

    head = logged_in(rhall.head)
    current = roster.assignments.get(date="2026-12-02", period="pm", window=rhall.windows[1]).staff
    other = next(
        p
        for p in rhall.staff
        if p != current
        and not roster.assignments.filter(
            date="2026-12-02", period="pm", staff=p, window__isnull=False
        ).exists()
    )
    cell = {"day": "2026-12-02", "period": "pm", "window": 1, "staff": other.pk}
    assert head.post(URL + "cell/", cell, **HTMX).status_code == 422  # no reason given
    # htmx sends the prompt's answer percent-encoded, as a header must be ASCII.
    head.post(URL + "cell/", cell, HTTP_HX_PROMPT=quote("家中有事"), **HTMX)
    change = RosterChange.objects.get()
    assert change.reason == "家中有事" and change.status == ChangeStatus.PENDING
    listing = office.get("/rosters/").content.decode()
    assert "家中有事" in listing
    office.post(f"/rosters/changes/{change.pk}/approve/", **HTMX)
    assert (
        roster.assignments.get(date="2026-12-02", period="pm", window=rhall.windows[1]).staff
        == other
    )


def test_excel_export_has_the_grid(rhall):
    services.roster_propose(actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER)
    response = logged_in(rhall.head).get("/rosters/estate/2026-12.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "不动产登记中心" in rows[0][0]
    assert rows[1][1].startswith("12-01")
    assert len(rows[1]) == 1 + 46
    names = {value for row in rows[2:4] for value in row[1:]}
    assert names <= {"甲", "乙", "丙", "甲 (B)", "乙 (B)", "丙 (B)"}


def test_another_department_cannot_touch_the_roster(rhall):
    from hall.core.roles import Role
    from hall.staff.models import StaffProfile
    from tests.factories import DepartmentFactory, UserFactory

    other = DepartmentFactory(hall=rhall.hall, code="tax", name="税务")
    stranger = UserFactory(username="taxhead", hall=rhall.hall, role=Role.DEPARTMENT_HEAD)
    stranger.departments.add(other)
    StaffProfile.objects.create(user=stranger, department=other)
    response = logged_in(stranger).post(URL + "propose/", **HTMX)
    assert response.status_code == 403
    assert not Roster.objects.filter(assignments__isnull=False).exists()


def test_the_office_closes_a_window_for_a_half_day_from_the_grid(rhall):
    office = logged_in(rhall.office)
    refused = office.post(
        URL + "close/", {"window": 2, "day": "2026-12-01", "period": "pm", "reason": ""}, **HTMX
    )
    assert refused.status_code == 422
    office.post(
        URL + "close/",
        {"window": 2, "day": "2026-12-01", "period": "pm", "reason": "网络故障"},
        **HTMX,
    )
    page = office.get(URL).content.decode()
    assert "91 个窗口半天无人值守" in page and 'title="网络故障"' in page


def test_staff_profiles_flag_an_expired_certificate(rhall):
    import datetime

    from hall.staff.models import Qualification, QualificationKind

    kind = QualificationKind.objects.create(hall=rhall.hall, code="reg", name="不动产登记员")
    Qualification.objects.create(
        staff=rhall.staff[0], kind=kind, valid_until=datetime.date(2020, 1, 1)
    )
    page = logged_in(rhall.office).get("/staff/r/").content.decode()
    assert "不动产登记员 已于 2020-01-01 过期" in page
    assert logged_in(rhall.staff[1]).get("/staff/r/").status_code == 403


def test_the_grid_offers_its_steps_only_to_who_may_take_them(rhall):
    """Staff of the department read the grid without lists to pick from, and are told who
    builds and approves it; the head gets the lists and the buttons."""
    services.roster_propose(actor=None, hall=rhall.hall, department=rhall.estate, month=DECEMBER)
    member = logged_in(rhall.staff[0]).get(URL).content.decode()
    assert '<select name="staff"' not in member and "自动排班</button>" not in member
    assert "本科室排班由科室负责人编制，办公室审批。" in member
    head = logged_in(rhall.head).get(URL).content.decode()
    assert '<select name="staff"' in head and "自动排班</button>" in head
    assert "本科室排班由科室负责人编制" not in head
