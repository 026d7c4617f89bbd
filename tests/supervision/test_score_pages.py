"""V5 pages: the office's month with every line, adjusting and locking; staff's own score and
their review request; rules; awards from opening to certificates; the public vote with its
SMS code; the red flag on the hall page and the window's screen; the leadership view in Excel."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from hall.core.models import AuditRecord, OutboxMessage
from hall.supervision import selectors
from hall.supervision.models import (
    AwardRound,
    LockedMonth,
    PublicVote,
    ReviewRequest,
    ScoreAdjustment,
    ScoreRuleSetting,
)
from hall.supervision.services import SETTINGS_NUMBERS
from tests.conftest import logged_in
from tests.supervision.test_awards import Quarter
from tests.supervision.test_scores import at

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def q(db) -> Quarter:
    return Quarter()


def text(response) -> str:
    return response.content.decode()


def test_the_office_reads_every_line_and_staff_only_their_own(q):
    office, staff = logged_in(q.office), logged_in(q.a)
    audited = AuditRecord.objects.count()
    with at("2026-11-02 09:00"):
        page = office.get("/supervision/r/scores/2026-10/")
        assert page.status_code == 200
        shown = text(page)
        assert "投诉 TS-1 属实" in shown or "TS-1" in shown
        assert 'data-subject="s0"' in shown and "92" in shown
        assert staff.get("/supervision/r/scores/").url == "/supervision/r/scores/2026-11/mine/"
        assert staff.get("/supervision/r/scores/2026-10/").status_code == 403
        mine = text(staff.get("/supervision/r/scores/2026-10/mine/"))
        assert "data-my-score>92<" in mine and "TS-1" in mine and "C-1" not in mine  # 丙's
        assert Client().get("/supervision/r/scores/2026-10/mine/").status_code == 302
    assert AuditRecord.objects.count() == audited  # a GET writes nothing


def test_an_adjustment_without_a_reason_or_a_number_is_refused(q):
    office = logged_in(q.office)
    with at("2026-11-02 09:00"):
        for body, message in [
            ({"subject": f"staff:{q.a.pk}", "points": "3", "reason": " "}, "原因"),
            ({"subject": f"staff:{q.a.pk}", "points": "三", "reason": "x"}, "数字"),
            ({"subject": "", "points": "3", "reason": "x"}, "哪位工作人员或哪个窗口"),
            ({"subject": f"staff:{q.a.pk}", "points": "99", "reason": "x"}, "50"),
        ]:
            answer = office.post("/supervision/r/scores/2026-10/adjust/", body)
            assert answer.status_code == 422 and message in text(answer), body
        assert not ScoreAdjustment.objects.exists()
        done = office.post(
            "/supervision/r/scores/2026-10/adjust/",
            {"subject": f"window:{q.w2.pk}", "points": "-1.5", "reason": "卫生检查不合格"},
        )
        assert done.status_code == 302
    assert ScoreAdjustment.objects.get().points == -1.5


def test_a_review_asked_on_the_page_blocks_the_lock_until_decided(q):
    office, staff = logged_in(q.office), logged_in(q.a)
    with at("2026-11-02 09:00"):
        asked = staff.post("/supervision/r/scores/2026-10/mine/", {"text": "9日下午系统故障"})
        assert asked.status_code == 302
        assert staff.post("/supervision/r/scores/2026-10/mine/", {"text": "  "}).status_code == 422
        refused = office.post("/supervision/r/scores/2026-10/lock/")
        assert refused.status_code == 409 and "复核" in text(refused)
        assert not LockedMonth.objects.exists()
        review = ReviewRequest.objects.get()
        assert "9日下午系统故障" in text(office.get("/supervision/r/reviews/"))
        assert staff.post(f"/supervision/r/reviews/{review.pk}/", {}).status_code == 403
        office.post(
            f"/supervision/r/reviews/{review.pk}/",
            {"decision": "reject", "reply": "打卡记录无误"},
        )
        assert office.post("/supervision/r/scores/2026-10/lock/").status_code == 302
        assert office.post("/supervision/r/scores/2026-11/lock/").status_code == 422  # not over
    assert LockedMonth.objects.get().month == D(2026, 10, 1)


def test_rules_are_saved_together_or_not_at_all(q):
    office = logged_in(q.office)
    settings = selectors.supervision_settings(q.hall)
    numbers = {name: getattr(settings, name) for name in SETTINGS_NUMBERS}
    rules = selectors.score_rules(q.hall)
    bad = office.post("/supervision/r/rules/", {**numbers, **rules, "weight_public_vote": 30})
    assert bad.status_code == 422 and "100" in text(bad)
    assert not ScoreRuleSetting.objects.exists()
    assert "桌面整洁" in office.get("/supervision/r/rules/").content.decode()
    empty = office.post("/supervision/r/rules/", {**numbers, **rules, "checklist": " \n "})
    assert empty.status_code == 422
    good = office.post(
        "/supervision/r/rules/",
        {**numbers, **rules, "complaint": "-8", "checklist": "着装整洁\n桌面整洁\n桌面整洁\n"},
    )
    assert good.status_code == 302
    assert selectors.score_rules(q.hall)["complaint"] == -8
    assert selectors.points_of(q.hall) == ["着装整洁", "桌面整洁"]
    assert logged_in(q.a).post("/supervision/r/rules/", numbers).status_code == 403


def test_an_award_from_its_round_to_the_certificate_and_the_red_flag(q):
    with at("2026-12-01 09:00"):
        office, head = logged_in(q.office), logged_in(q.rhall.head)
        assert office.post("/supervision/r/awards/", {"kind": "red_flag", "period": "quarter"})
        assert head.post("/supervision/r/awards/", {"kind": "red_flag"}).status_code == 403
    round = AwardRound.objects.get()
    page = f"/supervision/r/awards/{round.pk}/"
    with at("2026-12-20 09:00"):
        head = logged_in(q.rhall.head)
        early = head.post(page, {"candidate": q.w3.pk})
        assert early.status_code == 409 and "投票" in text(early)
    with at("2026-12-28 09:00"):
        head = logged_in(q.rhall.head)
        assert head.post(page, {"candidate": q.w3.pk}).status_code == 302
        assert "您已在本轮投票" in text(head.get(page))
        # The public: a code to the mobile, then the vote with it.
        public = Client()
        assert "投票" in text(public.get("/h/r/"))  # offered on the hall page
        sent = public.post(
            "/h/r/vote/", {"round": round.pk, "mobile": "13900001111", "step": "code"}
        )
        assert sent.status_code == 200 and "data-code-sent" in text(sent)
        code = re.search(r"\d{6}", OutboxMessage.objects.latest("pk").body).group()
        wrong = public.post(
            "/h/r/vote/",
            {"round": round.pk, "mobile": "13900001111", "code": "x", "candidate": q.w3.pk},
        )
        assert wrong.status_code == 422
        voted = public.post(
            "/h/r/vote/",
            {"round": round.pk, "mobile": "13900001111", "code": code, "candidate": q.w3.pk},
        )
        assert voted.status_code == 302
        again = public.post(
            "/h/r/vote/", {"round": round.pk, "mobile": "13900001111", "step": "code"}
        )
        assert again.status_code == 422 and "已经投过" in text(again)
    assert PublicVote.objects.count() == 1
    with at("2027-01-08 09:00"):
        office = logged_in(q.office)
        assert office.post(f"{page}confirm/").status_code == 302
        assert 'data-award="1"' in text(office.get(page))
        certificate = office.get(f"{page}certificates.pdf")
        assert certificate["Content-Type"] == "application/pdf"
        pdf = PdfReader(io.BytesIO(certificate.content))
        assert len(pdf.pages) == 2 and "红旗窗口" in pdf.pages[0].extract_text()
        assert "data-honour" in text(Client().get("/h/r/"))
        screen = text(Client().get("/board/r/window/3/"))
        assert "data-honour" in screen and "红旗窗口" in screen
        assert "data-honour" not in text(Client().get("/board/r/window/2/"))


def test_the_leadership_view_and_its_excel_agree(q):
    leader = logged_in(q.leader)
    with at("2026-11-02 09:00"):
        page = leader.get("/supervision/r/overview/?period=month&month=2026-10")
        assert page.status_code == 200
        assert 'data-ranking="windows"' in text(page)
        book = load_workbook(
            io.BytesIO(
                leader.get(
                    "/supervision/r/overview/?period=quarter&month=2026-10&format=xlsx"
                ).content
            )
        )
        assert logged_in(q.a).get("/supervision/r/overview/").status_code == 403
    windows = book.worksheets[0]
    rows = list(windows.iter_rows(min_row=3, values_only=True))
    # The quarter so far, October and November: windows 3 and 4 at (100 + 103) / 2, 3 first
    # by satisfaction; then window 2 at (102 + 100) / 2.
    assert [(row[1], row[3]) for row in rows[:3]] == [
        ("3 号窗口", 101.5),
        ("4 号窗口", 101.5),
        ("2 号窗口", 101.0),
    ]
    assert {sheet.title for sheet in book.worksheets} >= {"办理窗口", "人员", "进驻部门"}


def test_inspectors_see_whom_to_look_at_first(q):
    with at("2026-10-20 09:00"):
        first = selectors.look_first(q.hall, D(2026, 10, 20))
    assert [row.staff for row in first] == [q.a]
    assert first[0].late_or_early == 2 and first[0].absence_days == 0.5


def test_the_cli_refuses_an_unknown_hall_or_month():
    with pytest.raises(CommandError):
        call_command("performance", "compute", "--hall", "nope", "--month", "2026-10")


def test_the_api_reads_the_same_scores_and_staff_only_their_own(q):
    with at("2026-11-02 09:00"):
        office = logged_in(q.office).get("/api/v1/halls/r/scores/2026-10").json()
        own = logged_in(q.a).get("/api/v1/halls/r/scores/2026-10").json()
        asked = logged_in(q.a).post(
            "/api/v1/halls/r/scores/2026-10/reviews",
            {"text": "请复核"},
            content_type="application/json",
        )
        bad_month = logged_in(q.a).get("/api/v1/halls/r/scores/2026-13")
    assert {s["username"]: s["score"] for s in office["staff"]}["s0"] == 92.0
    assert len(office["windows"]) == 4
    assert [s["username"] for s in own["staff"]] == ["s0"] and own["windows"] == []
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    assert bad_month.status_code == 404
