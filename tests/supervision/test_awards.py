"""V5 awards: the proposal of a hand-made quarter (Q4 2026) equals the ranking figured by hand,
leaves out the ineligible and breaks a tie by the stated rule; votes only while voting is open;
one public vote per mobile, also under attempts at the same instant."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from hall.core.models import OutboxMessage
from hall.core.roles import Role
from hall.evaluation.choices import Level, RatingChannel
from hall.evaluation.models import Rating
from hall.queueing.choices import Channel, TicketStatus
from hall.queueing.models import Ticket, TicketCategory
from hall.supervision import awards, services
from hall.supervision.choices import AwardKind, AwardPeriod, RoundStatus
from hall.supervision.errors import (
    AlreadyVoted,
    NotACandidate,
    RoundConfirmed,
    VotingClosed,
    VotingStillOpen,
    WrongVoteCode,
)
from hall.supervision.models import Award, PublicVote
from tests import threads
from tests.factories import UserFactory, WindowFactory
from tests.supervision.test_scores import October, at, moment

pytestmark = pytest.mark.django_db
D = datetime.date


class Quarter(October):
    """October's records, windows 3 and 4 serving one ticket each in November (rated very
    satisfied at 3, fairly at 4), a duty officer and a mobile voting for each."""

    def __init__(self) -> None:
        super().__init__()
        self.w3 = WindowFactory(hall=self.hall, zone=self.w1.zone, number=3)
        self.w4 = WindowFactory(hall=self.hall, zone=self.w1.zone, number=4)
        category = TicketCategory.objects.get(hall=self.hall)
        for n, (window, level) in enumerate(
            [(self.w3, Level.VERY_SATISFIED), (self.w4, Level.FAIRLY_SATISFIED)], start=10
        ):
            ticket = Ticket.objects.create(
                hall=self.hall,
                category=category,
                service_day=D(2026, 11, 10),
                sequence=n,
                number=f"A{n:03}",
                channel=Channel.KIOSK,
                status=TicketStatus.DONE,
                arrived_at=moment("2026-11-10 09:00"),
                queued_at=moment("2026-11-10 09:00"),
                window=window,
                started_at=moment("2026-11-10 09:10"),
                finished_at=moment("2026-11-10 09:20"),
                served_by=self.b,
                follow_token=f"q{n}",
            )
            with at("2026-11-10 10:00"):
                Rating.objects.create(
                    hall=self.hall,
                    ticket=ticket,
                    level=level,
                    channel=RatingChannel.PAD,
                    staff=self.b,
                    window=window,
                )
        self.leader = UserFactory(username="leader", hall=self.hall, role=Role.LEADERSHIP)


@pytest.fixture
def quarter(db) -> Quarter:
    return Quarter()


def open_round(q, kind=AwardKind.RED_FLAG, period=AwardPeriod.QUARTER):
    with at("2026-12-01 09:00"):
        return services.round_open(
            actor=q.office, hall=q.hall, kind=kind, period=period, day=D(2026, 11, 15)
        )


def vote_by_phone(round, mobile, window):
    with at("2026-12-28 10:00"):
        services.vote_code_send(round=round, mobile=mobile)
        code = re.search(r"\d{6}", OutboxMessage.objects.latest("pk").body).group()
        return services.public_vote(
            round=round, mobile=mobile, code=code, staff=None, window=window
        )


def test_the_quarters_red_flags_equal_the_hand_computed_ranking(quarter):
    q = quarter
    round = open_round(q)
    assert (round.starts_on, round.ends_on, round.places) == (D(2026, 10, 1), D(2026, 12, 31), 2)
    assert (round.voting_opens_on, round.voting_closes_on) == (D(2026, 12, 25), D(2027, 1, 7))
    with at("2026-12-28 09:00"):
        services.duty_vote(actor=q.office, round=round, staff=None, window=q.w3)
        services.duty_vote(actor=q.leader, round=round, staff=None, window=q.w4)
    vote_by_phone(round, "13900001111", q.w3)
    vote_by_phone(round, "13900002222", q.w4)
    with at("2027-01-08 09:00"):
        proposed = {c.name: c for c in awards.proposal(round)}
    # Efficiency: windows 1–4 served 3, 1, 1, 1 in 10 minutes each; the mean volume is 1.5:
    # window 1 = (min(2, 3/1.5) + 1) / 2 = 1.5, the others (1/1.5 + 1) / 2 = 0.833 → 55.6.
    # Scores: 2 = (102 + 100 + 100) / 3 = 100.7; 3 and 4 = (100 + 103 + 100) / 3 = 101.0
    # (November: first by volume, +3). Points = 0.3·efficiency + 0.3·(score/110·100)
    # + 0.2·duty share + 0.2·public share.
    assert proposed["2 号窗口"].points == Decimal("44.1")  # 16.68 + 27.46
    assert proposed["3 号窗口"].points == Decimal("84.2")  # 16.68 + 27.55 + 20 + 20
    assert proposed["4 号窗口"].points == Decimal("84.2")
    # 3 and 4 tie on points and score: window 3's satisfaction (100 %) beats 4's (0 %).
    assert (proposed["3 号窗口"].place, proposed["4 号窗口"].place) == (1, 2)
    assert proposed["2 号窗口"].place is None
    # Window 1 served most but had a substantiated complaint: not eligible.
    assert proposed["1 号窗口"].efficiency == Decimal(100) and proposed["1 号窗口"].place is None
    assert proposed["1 号窗口"].not_eligible

    with at("2027-01-07 18:00"), pytest.raises(VotingStillOpen):
        services.round_confirm(actor=q.office, round=round)
    with at("2027-01-08 09:00"):
        made = services.round_confirm(actor=q.office, round=round)
        with pytest.raises(RoundConfirmed):
            services.round_confirm(actor=q.office, round=round)
    assert [(a.place, a.window.number) for a in made] == [(1, 3), (2, 4)]
    round.refresh_from_db()
    assert round.status == RoundStatus.CONFIRMED
    assert awards.red_flag_windows(q.hall) == {q.w3.pk, q.w4.pk}
    assert awards.awarded_in(q.hall, D(2026, 12, 1))["red_flag_quarter"][0]["number"] == "3"


def test_the_star_leaves_out_whoever_was_absent_without_leave(quarter):
    round = open_round(quarter, kind=AwardKind.STAR)
    with at("2027-01-08 09:00"):
        proposed = {c.id: c for c in awards.proposal(round)}
    assert proposed[quarter.a.pk].not_eligible and proposed[quarter.a.pk].place is None
    assert proposed[quarter.c.pk].place is not None


def test_votes_outside_the_period_or_for_no_candidate_change_nothing(quarter):
    q = quarter
    round = open_round(q)
    with at("2026-12-20 09:00"), pytest.raises(VotingClosed):
        services.duty_vote(actor=q.office, round=round, staff=None, window=q.w3)
    with at("2027-01-08 09:00"), pytest.raises(VotingClosed):
        services.vote_code_send(round=round, mobile="13900001111")
    with at("2026-12-28 09:00"):
        with pytest.raises(NotACandidate):
            services.duty_vote(actor=q.office, round=round, staff=q.a, window=None)
        services.duty_vote(actor=q.office, round=round, staff=None, window=q.w3)
        with pytest.raises(AlreadyVoted):
            services.duty_vote(actor=q.office, round=round, staff=None, window=q.w4)
        services.vote_code_send(round=round, mobile="13900001111")
        with pytest.raises(WrongVoteCode):
            services.public_vote(
                round=round, mobile="13900001111", code="000000", staff=None, window=q.w3
            )
    vote_by_phone(round, "139 0000 1111", q.w3)
    with pytest.raises(AlreadyVoted):
        vote_by_phone(round, "+8613900001111", q.w4)
    assert PublicVote.objects.count() == 1
    assert not Award.objects.exists()


def test_a_wrong_code_five_times_spends_the_code(quarter):
    round = open_round(quarter)
    with at("2026-12-28 09:00"):
        services.vote_code_send(round=round, mobile="13900001111")
        code = re.search(r"\d{6}", OutboxMessage.objects.latest("pk").body).group()
        for wrong in range(5):
            with pytest.raises(WrongVoteCode):
                services.public_vote(
                    round=round,
                    mobile="13900001111",
                    code=f"{(int(code) + 1 + wrong) % 10**6:06}",
                    staff=None,
                    window=quarter.w3,
                )
        with pytest.raises(WrongVoteCode):
            services.public_vote(
                round=round, mobile="13900001111", code=code, staff=None, window=quarter.w3
            )
    assert not PublicVote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_one_public_vote_per_mobile_when_eight_try_at_the_same_instant():
    q = Quarter()
    round = open_round(q)
    with at("2026-12-28 09:00"):
        services.vote_code_send(round=round, mobile="13900001111")
    code = re.search(r"\d{6}", OutboxMessage.objects.latest("pk").body).group()
    outcomes: list[str] = []

    def vote(index: int) -> None:
        with at("2026-12-28 09:01"):
            try:
                services.public_vote(
                    round=round,
                    mobile="13900001111",
                    code=code,
                    staff=None,
                    window=[q.w3, q.w4][index % 2],
                )
                outcomes.append("voted")
            except (AlreadyVoted, WrongVoteCode):
                outcomes.append("refused")

    threads.run_in_threads(vote, count=8)
    assert sorted(outcomes) == ["refused"] * 7 + ["voted"]
    assert PublicVote.objects.filter(round=round).count() == 1
