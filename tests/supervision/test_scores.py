"""V5: the monthly score of staff and windows on a hand-made October 2026 (frozen time, the
National Day holiday and its make-up Saturday), figured by hand below."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from hall.attendance import services as attendance
from hall.attendance.models import PunchKind
from hall.cases.choices import ApplicantKind, CaseStatus
from hall.cases.models import Case
from hall.catalog.choices import ServiceKind
from hall.catalog.services import MaterialSpec, ServiceItemSpec, service_item_publish
from hall.core.errors import InvalidInput, PermissionDenied
from hall.core.models import AuditRecord
from hall.evaluation.choices import ComplaintFinding, ComplaintStatus, Level, RatingChannel
from hall.evaluation.models import Complaint, Rating
from hall.queueing.choices import Channel, TicketStatus
from hall.queueing.models import Ticket, TicketCategory
from hall.rostering.choices import RosterStatus
from hall.rostering.models import Roster
from hall.supervision import scoring, services
from hall.supervision.choices import ReviewStatus, ScoreRule
from hall.supervision.errors import MonthLocked, ReviewsPending
from hall.supervision.models import Inspection, LockedMonth, ScoreRuleSetting
from tests.rostering.conftest import RosterHall

pytestmark = pytest.mark.django_db
D = datetime.date
OCTOBER = D(2026, 10, 1)
ZONE = datetime.timezone(datetime.timedelta(hours=8))


def at(moment: str):
    return time_machine.travel(f"{moment} +0800", tick=False)


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=ZONE)


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class October:
    """甲 at window 1 and 丙 at window 2 on Friday 9 October only; the records below."""

    def __init__(self) -> None:
        self.rhall = rhall = RosterHall()
        self.hall = rhall.hall
        self.a, self.b, self.c = rhall.staff
        self.w1, self.w2 = rhall.windows[1], rhall.windows[2]
        self.office = rhall.office
        roster = Roster.objects.create(
            hall=self.hall, department=rhall.estate, month=OCTOBER, status=RosterStatus.APPROVED
        )
        for period in ("am", "pm"):
            roster.assignments.create(
                date=D(2026, 10, 9), period=period, window=self.w1, staff=self.a, post="A"
            )
            roster.assignments.create(
                date=D(2026, 10, 9), period=period, window=self.w2, staff=self.c, post="A"
            )
        for when, person, kind in [
            ("2026-10-09 08:10", self.a, PunchKind.IN),  # 10 minutes late: −1
            ("2026-10-09 12:00", self.a, PunchKind.OUT),
            ("2026-10-09 13:55", self.a, PunchKind.IN),  # 25 late: half a day of 旷工, −3 only
            ("2026-10-09 17:00", self.a, PunchKind.OUT),
            ("2026-10-09 07:55", self.c, PunchKind.IN),
            ("2026-10-09 12:00", self.c, PunchKind.OUT),
            ("2026-10-09 13:25", self.c, PunchKind.IN),
            ("2026-10-09 17:05", self.c, PunchKind.OUT),
        ]:
            with at(when):
                attendance.punch(staff=person, kind=kind)
        self._case(self.c, "C-1", due=D(2026, 10, 12), concluded=D(2026, 10, 14))  # −5 for 丙
        self._case(self.c, "C-2", due=D(2026, 10, 13), concluded=D(2026, 10, 13))  # on time
        self._case(self.a, "C-3", due=D(2026, 9, 30), concluded=None)  # September's, not here
        Complaint.objects.create(
            hall=self.hall,
            number="TS-1",
            token="t1",
            kind="complaint",
            channel="web",
            content="态度差",
            staff=self.a,
            window=self.w1,
            status=ComplaintStatus.REPLIED,
            finding=ComplaintFinding.SUBSTANTIATED,
            replied_at=moment("2026-10-15 10:00"),
            due_date=D(2026, 10, 20),
        )  # −5 for 甲 and for window 1
        Complaint.objects.create(
            hall=self.hall,
            number="TS-2",
            token="t2",
            kind="complaint",
            channel="web",
            content="?",
            staff=self.c,
            status=ComplaintStatus.REPLIED,
            finding=ComplaintFinding.UNFOUNDED,
            replied_at=moment("2026-10-15 10:00"),
            due_date=D(2026, 10, 20),
        )  # not substantiated: nothing
        tickets = self._tickets()
        with at("2026-10-09 10:00"):
            self._rating(tickets[0], counted=True)  # −2 for 甲 and window 1
            self._rating(tickets[1], counted=False)  # overturned on appeal
            inspection = Inspection.objects.create(hall=self.hall, inspector=self.office)
            services.finding_record(
                actor=self.office,
                inspection=inspection,
                point="桌面整洁",
                staff=self.c,
                window=None,
                note="桌面杂乱",
                photos=[],
            )  # −2 for 丙

    def _tickets(self):
        tickets = []
        category = TicketCategory.objects.create(hall=self.hall, code="a", prefix="A", name="综合")
        for n, (person, window) in enumerate(
            [(self.a, self.w1)] * 3 + [(self.c, self.w2)], start=1
        ):
            tickets.append(
                Ticket.objects.create(
                    hall=self.hall,
                    category=category,
                    service_day=D(2026, 10, 9),
                    sequence=n,
                    number=f"A{n:03}",
                    channel=Channel.KIOSK,
                    status=TicketStatus.DONE,
                    arrived_at=moment("2026-10-09 09:00"),
                    queued_at=moment("2026-10-09 09:00"),
                    window=window,
                    started_at=moment("2026-10-09 09:10"),
                    finished_at=moment("2026-10-09 09:20"),
                    served_by=person,
                    follow_token=f"t{n}",
                )
            )  # volume: 甲 and window 1 first (+3), 丙 and window 2 second (+2)

        return tickets

    def _case(self, handler, number, *, due, concluded):
        item = getattr(self, "_item", None) or service_item_publish(
            actor=None,
            hall=self.hall,
            spec=ServiceItemSpec(
                code="transfer",
                name="转移登记",
                department=self.rhall.estate,
                kind=ServiceKind.PUBLIC_SERVICE,
                legal_limit_days=20,
                promised_limit_days=5,
                materials=[MaterialSpec("id-card", "身份证")],
            ),
        )
        self._item = item
        Case.objects.create(
            hall=self.hall,
            number=number,
            service=item,
            department=self.rhall.estate,
            handler=handler,
            status=CaseStatus.CONCLUDED if concluded else CaseStatus.IN_PROCESS,
            applicant_kind=ApplicantKind.PERSON,
            applicant_name="李小明",
            received_at=moment("2026-09-20 09:00"),
            materials_arrived_on=D(2026, 9, 20),
            due_date=due,
            concluded_on=concluded,
        )

    def _rating(self, ticket, *, counted):
        Rating.objects.create(
            hall=self.hall,
            ticket=ticket,
            level=Level.VERY_DISSATISFIED,
            channel=RatingChannel.PAD,
            staff=ticket.served_by,
            window=ticket.window,
            counted=counted,
        )


@pytest.fixture
def october(db) -> October:
    return October()


def scores_at(hall, when="2026-11-02 09:00"):
    with at(when):
        return scoring.month_scores(hall, OCTOBER)


def test_the_month_equals_the_hand_computed_figures(october):
    with at("2026-10-20 09:00"):
        services.commendation_record(
            actor=october.office,
            hall=october.hall,
            staff=None,
            window=october.w2,
            received_on=D(2026, 10, 16),
            source="市民王先生",
            note="耐心细致",
        )  # +2 for window 2
        services.score_adjust(
            actor=october.office,
            hall=october.hall,
            month=OCTOBER,
            staff=october.c,
            window=None,
            points=Decimal(20),
            reason="抗疫志愿服务",
        )  # 丙 would reach 115: capped at 110
    month = scores_at(october.hall)
    staff = {s.key: s for s in month.staff}
    windows = {s.key: s for s in month.windows}
    # 甲: 100 − 1 (late) − 3 (旷工) − 5 (complaint) − 2 (差评) + 3 (first by volume)
    assert staff["s0"].score == Decimal(92)
    assert sorted((line.rule, float(line.points)) for line in staff["s0"].lines) == [
        ("absence", -3.0),
        ("bad_rating", -2.0),
        ("complaint", -5.0),
        ("late_early", -1.0),
        ("volume_rank", 3.0),
    ]
    # 丙: 100 − 5 (C-1 overdue) − 2 (finding) + 2 (second) + 20 (adjusted) = 115 → 110
    assert staff["s2"].score == Decimal(110)
    assert {line.record for line in staff["s2"].lines} >= {"case:C-1"}
    assert not any("C-2" in line.record or "TS-2" in line.record for line in staff["s2"].lines)
    assert staff["s1"].score == Decimal(100) and staff["s1"].lines == []
    assert windows["1"].score == Decimal(96)  # 100 − 5 − 2 + 3
    assert windows["2"].score == Decimal(104)  # 100 + 2 (commendation) + 2 (second)
    # Every line points to one record, each record once per person or window.
    for score in month.staff + month.windows:
        records = [(line.rule, line.record) for line in score.lines]
        assert len(records) == len(set(records))


def test_a_rule_the_office_changed_is_read_and_a_zero_rule_adds_no_line(october):
    ScoreRuleSetting.objects.create(hall=october.hall, rule=ScoreRule.LATE_EARLY, points=0)
    ScoreRuleSetting.objects.create(hall=october.hall, rule=ScoreRule.COMPLAINT, points=-10)
    staff = {s.key: s for s in scores_at(october.hall).staff}
    assert staff["s0"].score == Decimal(88)  # 100 − 3 − 10 − 2 + 3
    assert not any(line.rule == "late_early" for line in staff["s0"].lines)


def test_a_locked_month_keeps_its_scores_and_the_cli_writes_the_same(october, tmp_path):
    with at("2026-11-02 09:00"):
        services.month_lock(actor=october.office, hall=october.hall, month=OCTOBER)
    Rating.objects.all().update(counted=False)  # a later change does not reach a locked month
    month = scores_at(october.hall)
    assert month.locked and {s.key: s.score for s in month.staff}["s0"] == Decimal(92)
    out = tmp_path / "scores.json"
    with at("2026-11-02 09:00"):
        call_command(
            "performance", "compute", "--hall", "r", "--month", "2026-10", "--json", str(out)
        )
    data = json.loads(out.read_text())
    person = next(s for s in data["staff"] if s["username"] == "s0")
    assert person["score"] == 92.0
    assert {"rule": "complaint", "points": -5.0, "record": "complaint:TS-1"}.items() <= next(
        line for line in person["lines"] if line["rule"] == "complaint"
    ).items()
    assert next(w for w in data["windows"] if w["number"] == "1")["score"] == 96.0
    assert "awards" in data
    with at("2026-11-02 09:00"), pytest.raises(MonthLocked):
        services.month_lock(actor=october.office, hall=october.hall, month=OCTOBER)


def test_a_review_request_blocks_the_lock_until_the_office_decides(october):
    with at("2026-11-02 09:00"):
        review = services.review_request(
            actor=october.a, month=OCTOBER, text="10月9日下午是系统故障未打上卡"
        )
        with pytest.raises(ReviewsPending):
            services.month_lock(actor=october.office, hall=october.hall, month=OCTOBER)
        assert not LockedMonth.objects.exists()
        with pytest.raises(PermissionDenied):
            services.review_decide(
                actor=october.a, review=review, accept=True, reply="", points=None
            )
        services.review_decide(
            actor=october.office, review=review, accept=True, reply="情况属实", points=Decimal(3)
        )
        services.month_lock(actor=october.office, hall=october.hall, month=OCTOBER)
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED
    assert {s.key: s.score for s in scores_at(october.hall).staff}["s0"] == Decimal(95)
    with at("2026-11-03 09:00"), pytest.raises(MonthLocked):
        services.review_request(actor=october.a, month=OCTOBER, text="再看看")


def test_an_adjustment_without_a_reason_changes_nothing(october):
    with at("2026-10-20 09:00"), pytest.raises(InvalidInput):
        services.score_adjust(
            actor=october.office,
            hall=october.hall,
            month=OCTOBER,
            staff=october.a,
            window=None,
            points=Decimal(5),
            reason="  ",
        )
    assert not AuditRecord.objects.filter(action="supervision.score_adjusted").exists()
    assert {s.key: s.score for s in scores_at(october.hall).staff}["s0"] == Decimal(92)


def test_quarter_rolls_up_its_months(october):
    with at("2026-11-02 09:00"):
        rolled = scoring.rolled_up(scoring.period_scores(october.hall, D(2026, 10, 1), 3))
    # October 92, November so far 100 (nothing recorded; 2 November is rostered for no one).
    assert rolled[("staff", october.a.pk)] == Decimal("96.0")
