"""Who is proposed for an award (V5): 窗口服务标兵 among the staff, 红旗窗口 among the windows.

Each candidate gets four parts, each out of 100, weighted by the hall (30/30/20/20 by
default): efficiency (volume and service time against the hall's candidates), the period's
monthly scores, the duty officers' votes and the public's votes (each against the most any
candidate received). Whoever had 旷工 or a substantiated complaint in the period is not
eligible. Ties are broken by the score, then by satisfaction."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.honours import window_honour
from hall.core.inputs import add_months
from hall.core.links import public_link
from hall.core.memo import Memo
from hall.core.models import Hall
from hall.core.offers import Offer, public_offer
from hall.core.periods import MONTHS, PeriodKind
from hall.evaluation.selectors import complaints_upheld, satisfaction_rates
from hall.queueing.selectors import Served, served_between
from hall.supervision import scoring, selectors
from hall.supervision.choices import AwardKind, AwardPeriod, RoundStatus, ScoreRule
from hall.supervision.models import Award, AwardRound, DutyVote, PublicVote

LIMIT = 2  # volume or speed counts up to twice the hall's: one busy month does not win alone


@dataclass
class Candidate:
    kind: str  # scoring.STAFF or scoring.WINDOW
    id: int
    name: str
    served: int
    efficiency: Decimal
    assessment: Decimal  # the mean monthly score of the period
    duty_votes: int
    public_votes: int
    satisfaction: float | None
    not_eligible: str  # why, or ""
    points: Decimal = Decimal(0)
    place: int | None = None

    def parts(self) -> dict[str, object]:
        return {
            "served": self.served,
            "efficiency": float(self.efficiency),
            "assessment": float(self.assessment),
            "duty_votes": self.duty_votes,
            "public_votes": self.public_votes,
            "satisfaction": self.satisfaction,
        }


def _share(value: float, best: float) -> Decimal:
    return Decimal(100 * value / best).quantize(Decimal("0.1")) if best else Decimal(0)


def _efficiency(served: dict[int, Served]) -> dict[int, float]:
    """Volume and speed, each against the hall's mean and at most twice it, half and half."""
    busy = [s for s in served.values() if s.count]
    if not busy:
        return {}
    mean_count = sum(s.count for s in busy) / len(busy)
    mean_minutes = sum(s.mean_minutes * s.count for s in busy) / sum(s.count for s in busy)
    return {
        subject: min(LIMIT, s.count / mean_count) / 2
        + (min(LIMIT, mean_minutes / s.mean_minutes) if s.mean_minutes else LIMIT) / 2
        for subject, s in served.items()
        if s.count
    }


def _votes(model: type[DutyVote] | type[PublicVote], round: AwardRound, field: str) -> Counter:
    return Counter(
        model.objects.filter(round=round)
        .exclude(**{f"{field}__isnull": True})
        .values_list(field, flat=True)
    )


def proposal(round: AwardRound, *, now: datetime.datetime | None = None) -> list[Candidate]:
    """Every candidate with its parts, the proposed ones first with their place."""
    now = now or timezone.now()
    hall = round.hall
    settings = selectors.supervision_settings(hall)
    staff = round.kind == AwardKind.STAR
    kind, field = (scoring.STAFF, "staff") if staff else (scoring.WINDOW, "window")
    months = scoring.period_scores(hall, round.starts_on, MONTHS[PeriodKind(round.period)], now=now)
    means = scoring.rolled_up(months)
    served = served_between(
        hall, round.starts_on, round.ends_on, "served_by" if staff else "window"
    )
    efficiency = _efficiency(served)
    best_efficiency = max(efficiency.values(), default=0)
    satisfaction = satisfaction_rates(hall, round.starts_on, round.ends_on, field)
    duty, public = _votes(DutyVote, round, field), _votes(PublicVote, round, field)
    complained = set(
        complaints_upheld(hall, round.starts_on, round.ends_on)
        .exclude(**{f"{field}__isnull": True})
        .values_list(f"{field}_id", flat=True)
    )
    absent = {
        row.id
        for scores in months
        for row in scores.of_kind(kind)
        if any(line.rule == ScoreRule.ABSENCE for line in row.lines)
    }
    subjects = months[-1].of_kind(kind) if months else []
    weights = settings.weights
    cap = Decimal(settings.score_cap)
    candidates = []
    for row in subjects:
        why = ""
        if row.id in absent:
            why = _("Absent without leave (旷工) in the period")
        elif row.id in complained:
            why = _("A substantiated complaint in the period")
        candidate = Candidate(
            kind=kind,
            id=row.id,
            name=row.name,
            served=served[row.id].count if row.id in served else 0,
            efficiency=_share(efficiency.get(row.id, 0), best_efficiency),
            assessment=means.get((kind, row.id), Decimal(0)),
            duty_votes=duty[row.id],
            public_votes=public[row.id],
            satisfaction=satisfaction.get(row.id),
            not_eligible=why,
        )
        parts = {
            "efficiency": candidate.efficiency,
            "assessment": (100 * candidate.assessment / cap) if cap else Decimal(0),
            "duty_vote": _share(candidate.duty_votes, max(duty.values(), default=0)),
            "public_vote": _share(candidate.public_votes, max(public.values(), default=0)),
        }
        candidate.points = (
            sum((weights[name] * part for name, part in parts.items()), Decimal(0)) / 100
        ).quantize(Decimal("0.1"))
        candidates.append(candidate)
    candidates.sort(
        key=lambda c: (
            bool(c.not_eligible),
            -c.points,
            -c.assessment,
            -(c.satisfaction if c.satisfaction is not None else -1),
            c.name,
        )
    )
    for place, candidate in enumerate((c for c in candidates if not c.not_eligible), start=1):
        if place > round.places:
            break
        candidate.place = place
    return candidates


def places_for(hall: Hall, kind: str, period: str) -> int:
    settings = selectors.supervision_settings(hall)
    if kind == AwardKind.STAR:
        return settings.stars_quarter
    return {
        AwardPeriod.MONTH: settings.red_flags_month,
        AwardPeriod.QUARTER: settings.red_flags_quarter,
        AwardPeriod.YEAR: settings.red_flags_year,
    }[AwardPeriod(period)]


def red_flag_windows(hall: Hall) -> set[int]:
    """The windows of the latest confirmed 红旗窗口 of each period (month, quarter, year):
    the red flag beside the window's number until the next is confirmed."""
    latest = []
    for period in AwardPeriod:
        found = (
            AwardRound.objects.filter(
                hall=hall, kind=AwardKind.RED_FLAG, period=period, status=RoundStatus.CONFIRMED
            )
            .order_by("-starts_on")
            .values_list("pk", flat=True)
            .first()
        )
        if found is not None:
            latest.append(found)
    if not latest:
        return set()
    return set(
        Award.objects.filter(Q(round__in=latest), window__isnull=False).values_list(
            "window_id", flat=True
        )
    )


def awarded_in(hall: Hall, month: datetime.date) -> dict[str, list[dict[str, object]]]:
    """The awards of the periods that end with `month` (the CLI's "awards")."""
    last = add_months(month.replace(day=1), 1) - datetime.timedelta(days=1)
    awards: dict[str, list[dict[str, object]]] = {}
    for award in (
        Award.objects.filter(round__hall=hall, round__ends_on=last)
        .select_related("round", "staff", "window")
        .order_by("round__kind", "round__period", "place")
    ):
        awards.setdefault(f"{award.round.kind}_{award.round.period}", []).append(
            {
                "place": award.place,
                "points": float(award.points),
                **(
                    {"username": award.staff.username, "name": str(award.staff)}
                    if award.staff
                    else {"number": str(award.window.number) if award.window else ""}
                ),
            }
        )
    return awards


# Read by every window screen and pad refresh; changed when a round is confirmed.
_red_flags: Memo[set[int]] = Memo(seconds=60.0, cleared_by=(AwardRound, Award))


@window_honour
def red_flags(hall: Hall) -> dict[int, str]:
    flagged = _red_flags.get(hall.pk, lambda: red_flag_windows(hall))
    return {window_id: _("红旗窗口") for window_id in flagged}


def awards_since(hall: Hall, since: datetime.date) -> list[Award]:
    """The awards of the periods ending from `since` on, the latest first."""
    return list(
        Award.objects.filter(round__hall=hall, round__ends_on__gte=since)
        .select_related("round", "staff", "window")
        .order_by("-round__ends_on", "round__kind", "place")
    )


def voting_rounds(hall: Hall) -> list[AwardRound]:
    """The rounds the public may vote in today."""
    today = timezone.localdate()
    return list(
        AwardRound.objects.filter(
            hall=hall,
            status=RoundStatus.VOTING,
            voting_opens_on__lte=today,
            voting_closes_on__gte=today,
        )
    )


@public_offer(on_slip=False)
def vote_offered(hall: Hall) -> list[Offer]:
    rounds = voting_rounds(hall)
    if not rounds:
        return []
    names = "、".join(dict.fromkeys(r.get_kind_display() for r in rounds))
    return [
        Offer(
            _("Vote: %(awards)s") % {"awards": names}, public_link(hall, "public-vote", hall.code)
        )
    ]
