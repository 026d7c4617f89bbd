"""Every write of 好差评: a rating, and the follow-up a bad one opens. Each in one short
transaction with its audit; the one-rating rule is the ticket's unique column, so two taps at
the same instant (the pad and the phone) store one rating and the other hears 409."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core import calendar, identifiers
from hall.core.audit import audit_record
from hall.core.errors import InvalidInput, ReasonRequired
from hall.core.events import emit
from hall.core.inputs import clean_text
from hall.core.models import User
from hall.core.outbox import outbox_enqueue
from hall.evaluation import selectors
from hall.evaluation.choices import (
    BAD,
    AppealStatus,
    Finding,
    FollowUpStatus,
    Level,
    RatingChannel,
)
from hall.evaluation.errors import (
    AlreadyAppealed,
    AlreadyEvaluated,
    AppealDecided,
    AppealTooLate,
    FollowUpWrongState,
    LevelOutOfRange,
    NotFinished,
    NotYourRating,
    TagsNotOfLevel,
)
from hall.evaluation.events import RatingGiven
from hall.evaluation.models import Appeal, FollowUp, Rating
from hall.queueing.choices import TicketStatus

if TYPE_CHECKING:
    from hall.queueing.models import Ticket

COMMENT_LENGTH = 300
NOTE_LENGTH = 500


def _checked(
    hall_tags: list[str], level: int, tags: list[str], comment: str
) -> tuple[list[str], str]:
    if level not in Level.values:
        raise LevelOutOfRange()
    tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))  # once each, in order
    foreign = [t for t in tags if t not in hall_tags]
    if foreign:
        raise TagsNotOfLevel(tags="、".join(foreign))
    return tags, clean_text(comment).strip()[:COMMENT_LENGTH]


def rating_give(
    *,
    ticket: Ticket,
    level: int,
    tags: list[str],
    comment: str,
    channel: RatingChannel,
    mobile: str = "",
    via: str = "",
) -> Rating:
    """Rate a finished ticket (一次一评): to whoever served it, at that window. A 差评 opens
    its follow-up at once, with the call-back and rectification due dates."""
    hall = ticket.hall
    tags, comment = _checked(selectors.tags_for(hall, level), level, tags, comment)
    if ticket.status != TicketStatus.DONE:
        raise NotFinished()
    mobile = identifiers.validate_mobile(mobile) if mobile.strip() and level in BAD else ""
    department = ticket.category.department_id
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                hall=hall,
                ticket=ticket,
                level=level,
                tags=tags,
                comment=comment,
                contact_mobile=mobile,
                channel=channel,
                staff_id=ticket.served_by_id,
                window_id=ticket.window_id,
                department_id=department,
            )
            follow_up = _open_follow_up(rating) if level in BAD else None
            audit_record(
                actor=None,
                action="evaluation.rate",
                target=rating,
                hall=hall,
                changes={"level": [None, level], "ticket": [None, ticket.number]},
                via=via,
            )
            emit(
                RatingGiven(
                    hall_id=hall.pk,
                    rating_id=rating.pk,
                    level=level,
                    staff_id=rating.staff_id,
                    window_id=rating.window_id,
                    follow_up_id=follow_up.pk if follow_up else None,
                )
            )
    except IntegrityError:
        if Rating.objects.filter(ticket=ticket).exists():
            raise AlreadyEvaluated() from None
        raise
    return rating


def _open_follow_up(rating: Rating) -> FollowUp:
    rules = selectors.evaluation_settings(rating.hall)
    today = timezone.localdate()
    return FollowUp.objects.create(
        rating=rating,
        hall=rating.hall,
        department_id=rating.department_id,
        callback_due=calendar.add_working_days(today, rules.callback_working_days).date,
        rectify_due=calendar.add_working_days(today, rules.rectify_working_days).date,
    )


# --- the follow-up of a 差评 -------------------------------------------------------------------


def _lock(follow_up: FollowUp, allowed: tuple[str, ...]) -> FollowUp:
    locked = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("rating__ticket", "hall")
        .get(pk=follow_up.pk)
    )
    if locked.status not in allowed:
        raise FollowUpWrongState(status=locked.get_status_display())
    return locked


def _note(text: str, *, missing: str | None = None) -> str:
    """A note a person will read, cleaned and bounded; `missing` says what to write."""
    note = clean_text(text).strip()[:NOTE_LENGTH]
    if not note:
        raise ReasonRequired(
            missing or _("Say what was found or done: the record is what the person is told.")
        )
    return note


@transaction.atomic
def follow_up_call_back(
    *, follow_up: FollowUp, actor: User, finding: str, note: str, via: str = ""
) -> FollowUp:
    """The call back (回访) and what it found: substantiated goes on to rectification, an
    explanation or a mistaken rating closes it (a mistaken one may be appealed)."""
    locked = _lock(follow_up, (FollowUpStatus.CALL_BACK,))
    if finding not in Finding.values:
        raise InvalidInput(_("Choose what the call back found."))
    locked.finding = finding
    locked.callback_note = _note(note)
    locked.called_back_at = timezone.now()
    locked.handled_by = actor
    locked.status = (
        FollowUpStatus.RECTIFYING if finding == Finding.SUBSTANTIATED else FollowUpStatus.CLOSED
    )
    locked.save(
        update_fields=["finding", "callback_note", "called_back_at", "handled_by", "status"]
    )
    audit_record(
        actor=actor,
        action="evaluation.call_back",
        target=locked,
        hall=locked.hall,
        changes={"status": [FollowUpStatus.CALL_BACK, locked.status], "finding": [None, finding]},
        via=via,
    )
    return locked


@transaction.atomic
def follow_up_rectified(*, follow_up: FollowUp, actor: User, note: str, via: str = "") -> FollowUp:
    """What was done about a substantiated 差评; the person is told by SMS when they left a
    number for it."""
    locked = _lock(follow_up, (FollowUpStatus.RECTIFYING,))
    locked.rectification_note = _note(note)
    locked.rectified_at = timezone.now()
    locked.handled_by = actor
    locked.status = FollowUpStatus.CLOSED
    locked.save(update_fields=["rectification_note", "rectified_at", "handled_by", "status"])
    audit_record(
        actor=actor,
        action="evaluation.rectified",
        target=locked,
        hall=locked.hall,
        changes={"status": [FollowUpStatus.RECTIFYING, FollowUpStatus.CLOSED]},
        via=via,
    )
    mobile = locked.rating.contact_mobile
    if mobile:
        outbox_enqueue(
            hall=locked.hall,
            mobile=mobile.plaintext,
            text=_("%(hall)s: about your rating of number %(number)s, we have %(done)s")
            % {
                "hall": locked.hall.name,
                "number": locked.rating.ticket.number,
                "done": locked.rectification_note,
            },
            dedupe_key=f"follow-up-{locked.pk}-rectified",
        )
    return locked


@transaction.atomic
def follow_up_contact(*, follow_up: FollowUp, actor: User, via: str = "") -> str:
    """The full mobile the person left, for whoever calls them back; always audited."""
    mobile = follow_up.rating.contact_mobile
    if not mobile:
        return ""
    audit_record(
        actor=actor,
        action="evaluation.contact_revealed",
        target=follow_up,
        hall=follow_up.hall,
        changes={"mobile": [None, mobile.masked]},
        via=via,
    )
    return mobile.plaintext


# --- appeals (申诉复核) ---------------------------------------------------------------------------


def appeal_last_day(rating: Rating) -> datetime.date:
    days = selectors.evaluation_settings(rating.hall).appeal_working_days
    return calendar.add_working_days(timezone.localdate(rating.created_at), days).date


@transaction.atomic
def appeal_file(*, rating: Rating, actor: User, reason: str, via: str = "") -> Appeal:
    """The member of staff rated appeals, once, within the hall's working days."""
    if rating.staff_id != actor.pk:
        raise NotYourRating()
    last = appeal_last_day(rating)
    if timezone.localdate() > last:
        raise AppealTooLate(last=last.isoformat())
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                rating=rating,
                hall=rating.hall,
                staff=actor,
                reason=_note(reason, missing=_("Say why the rating is mistaken.")),
            )
    except IntegrityError:
        raise AlreadyAppealed() from None
    audit_record(
        actor=actor,
        action="evaluation.appeal",
        target=appeal,
        hall=rating.hall,
        changes={"status": [None, AppealStatus.PENDING]},
        reason=appeal.reason,
        via=via,
    )
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, actor: User, uphold: bool, note: str, via: str = "") -> Appeal:
    """The office decides: upheld, the rating stays on record but out of the figures."""
    locked = Appeal.objects.select_for_update().select_related("rating").get(pk=appeal.pk)
    if locked.status != AppealStatus.PENDING:
        raise AppealDecided(status=locked.get_status_display())
    if locked.staff_id == actor.pk:
        raise NotYourRating(_("Nobody decides their own appeal."))
    locked.status = AppealStatus.UPHELD if uphold else AppealStatus.REJECTED
    locked.decision_note = _note(note, missing=_("Say why: the member of staff is told."))
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    if uphold:
        Rating.objects.filter(pk=locked.rating_id).update(counted=False)
    audit_record(
        actor=actor,
        action="evaluation.appeal_decided",
        target=locked,
        hall=locked.hall,
        changes={"status": [AppealStatus.PENDING, locked.status]},
        reason=locked.decision_note,
        via=via,
    )
    return locked
