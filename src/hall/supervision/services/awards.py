"""Writes of the awards (V5): the office opens a round, duty officers and the public vote
while it is open (one vote each: a person, a mobile proven by an SMS code), and the office
confirms the proposal once voting has closed."""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from hall.core import pii, ratelimit
from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.errors import InvalidInput, TooManyAttempts
from hall.core.identifiers import validate_mobile
from hall.core.models import Hall, User, Window
from hall.core.outbox import outbox_enqueue
from hall.core.periods import period_span
from hall.supervision import awards, scoring
from hall.supervision.choices import AwardKind, AwardPeriod, RoundStatus
from hall.supervision.errors import (
    AlreadyVoted,
    NotACandidate,
    RoundConfirmed,
    VotingClosed,
    VotingStillOpen,
    WrongVoteCode,
)
from hall.supervision.models import Award, AwardRound, DutyVote, PublicVote, VoteCode

MANAGE = "supervision.manage_awards"
CODE_MINUTES = 10
CODE_TRIES = 5
VOTING_DAYS_AFTER = 7  # the public votes through the period's last week and the week after


def round_open(
    *, actor: User, hall: Hall, kind: str, period: str, day: datetime.date, via: str = ""
) -> AwardRound:
    """The round of the month, quarter or year `day` falls in, its places from the hall's
    settings; voting from the period's last week until a week after it."""
    require_permission(actor, MANAGE)
    if kind == AwardKind.STAR and period != AwardPeriod.QUARTER:
        raise InvalidInput(_("窗口服务标兵 is chosen each quarter."))
    starts_on, ends_on = period_span(period, day)
    if starts_on > timezone.localdate():
        raise InvalidInput(_("That period has not begun."))
    try:
        with transaction.atomic():
            round = AwardRound.objects.create(
                hall=hall,
                kind=kind,
                period=period,
                starts_on=starts_on,
                ends_on=ends_on,
                places=awards.places_for(hall, kind, period),
                voting_opens_on=max(starts_on, ends_on - datetime.timedelta(days=6)),
                voting_closes_on=ends_on + datetime.timedelta(days=VOTING_DAYS_AFTER),
                opened_by=actor,
            )
            audit_record(
                actor=actor,
                action="supervision.award_round_opened",
                target=round,
                hall=hall,
                changes={"period": [None, f"{starts_on}–{ends_on}"]},
                via=via,
            )
    except IntegrityError:
        raise InvalidInput(_("This award's round of that period is open already.")) from None
    return round


def _voting(round: AwardRound) -> None:
    if not round.voting_open_on(timezone.localdate()):
        raise VotingClosed(opens=round.voting_opens_on, closes=round.voting_closes_on)


def _candidate(round: AwardRound, staff: User | None, window: Window | None) -> dict:
    """The one thing a vote names: a member of the hall's scored staff for 服务标兵, one of
    its windows for 红旗窗口."""
    if round.kind == AwardKind.STAR:
        if staff is None or not scoring.scored_staff(round.hall).filter(pk=staff.pk).exists():
            raise NotACandidate()
        return {"staff": staff}
    if window is None or window.hall_id != round.hall_id:
        raise NotACandidate()
    return {"window": window}


def duty_vote(
    *, actor: User, round: AwardRound, staff: User | None, window: Window | None, via: str = ""
) -> DutyVote:
    require_permission(actor, "supervision.vote_as_duty_officer")
    if actor.hall_id != round.hall_id:
        raise NotACandidate()
    _voting(round)
    choice = _candidate(round, staff, window)
    try:
        with transaction.atomic():
            vote = DutyVote.objects.create(round=round, voter=actor, **choice)
            audit_record(
                actor=actor,
                action="supervision.duty_vote",
                target=round,
                hall=round.hall,
                changes={"vote": [None, vote.pk]},
                via=via,
            )
    except IntegrityError:
        raise AlreadyVoted(_("You have voted in this round already.")) from None
    return vote


def _code_digest(round: AwardRound, mobile: str, code: str) -> str:
    return salted_hmac("hall.vote-code", f"{round.pk}:{mobile}:{code}").hexdigest()


def vote_code_send(*, round: AwardRound, mobile: str) -> None:
    """Text a six-digit code to the mobile (again, replacing the last); nothing for a
    mobile that has voted already."""
    _voting(round)
    mobile = validate_mobile(mobile)
    digest = pii.digest("mobile", mobile)
    if PublicVote.objects.filter(round=round, mobile_digest=digest).exists():
        raise AlreadyVoted()
    if not ratelimit.allow(f"vote-code:{round.pk}:{digest}", limit=1, per_seconds=60):
        raise TooManyAttempts()  # one text a minute to a mobile, whoever asks
    code = f"{secrets.randbelow(10**6):06}"
    with transaction.atomic():
        VoteCode.objects.update_or_create(
            round=round,
            mobile_digest=digest,
            defaults={
                "code_digest": _code_digest(round, mobile, code),
                "expires_at": timezone.now() + datetime.timedelta(minutes=CODE_MINUTES),
                "tries": 0,
            },
        )
        outbox_enqueue(
            hall=round.hall,
            mobile=mobile,
            text=_("%(hall)s vote code: %(code)s, valid for %(minutes)s minutes.")
            % {"hall": round.hall.name, "code": code, "minutes": CODE_MINUTES},
            dedupe_key=f"vote-code-{round.pk}-{digest[:16]}-{secrets.token_hex(4)}",
        )


def public_vote(
    *,
    round: AwardRound,
    mobile: str,
    code: str,
    staff: User | None,
    window: Window | None,
) -> PublicVote:
    """One vote per mobile per round: the code's row is locked, so two attempts at the
    same instant make one vote and one "already voted"."""
    _voting(round)
    mobile = validate_mobile(mobile)
    choice = _candidate(round, staff, window)
    digest = pii.digest("mobile", mobile)
    wrong = False
    try:
        with transaction.atomic():
            if PublicVote.objects.filter(round=round, mobile_digest=digest).exists():
                raise AlreadyVoted()
            sent = (
                VoteCode.objects.select_for_update()
                .filter(round=round, mobile_digest=digest)
                .first()
            )
            if PublicVote.objects.filter(round=round, mobile_digest=digest).exists():
                raise AlreadyVoted()  # voted while this attempt waited for the lock
            if sent is None or sent.expires_at < timezone.now() or sent.tries >= CODE_TRIES:
                raise WrongVoteCode()
            if not constant_time_compare(
                sent.code_digest, _code_digest(round, mobile, code.strip())
            ):
                sent.tries += 1
                sent.save(update_fields=["tries"])
                wrong = True  # the try counts: committed, then refused
            else:
                vote = PublicVote.objects.create(round=round, mobile_digest=digest, **choice)
                sent.delete()
    except IntegrityError:  # the constraint, should two ever pass the lock
        raise AlreadyVoted() from None
    if wrong:
        raise WrongVoteCode()
    return vote


def round_confirm(*, actor: User, round: AwardRound, via: str = "") -> list[Award]:
    """The office confirms the proposal once voting has closed: the awards are recorded."""
    require_permission(actor, MANAGE)
    if timezone.localdate() <= round.voting_closes_on:
        raise VotingStillOpen(closes=round.voting_closes_on)
    proposed = [c for c in awards.proposal(round) if c.place is not None]  # read before the write
    with transaction.atomic():
        locked = AwardRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != RoundStatus.VOTING:
            raise RoundConfirmed()
        field = "staff_id" if locked.kind == AwardKind.STAR else "window_id"
        made = [
            Award.objects.create(
                round=locked,
                place=place,
                points=candidate.points,
                parts=candidate.parts(),
                **{field: candidate.id},
            )
            for place, candidate in enumerate(proposed, start=1)
        ]
        locked.status = RoundStatus.CONFIRMED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        audit_record(
            actor=actor,
            action="supervision.awards_confirmed",
            target=locked,
            hall=locked.hall,
            changes={"awards": [None, len(made)]},
            via=via,
        )
    return made
