"""Every write of 好差评: a rating, and the follow-up a bad one opens. Each in one short
transaction with its audit; the one-rating rule is the ticket's unique column, so two taps at
the same instant (the pad and the phone) store one rating and the other hears 409."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from hall.core import calendar
from hall.core.audit import audit_record
from hall.core.events import emit
from hall.core.inputs import clean_text
from hall.evaluation import selectors
from hall.evaluation.choices import BAD, Level, RatingChannel
from hall.evaluation.errors import AlreadyEvaluated, LevelOutOfRange, NotFinished, TagsNotOfLevel
from hall.evaluation.events import RatingGiven
from hall.evaluation.models import FollowUp, Rating
from hall.queueing.choices import TicketStatus

if TYPE_CHECKING:
    from hall.queueing.models import Ticket

COMMENT_LENGTH = 300


def _checked(hall_tags: list[str], level: int, tags: list[str], comment: str) -> tuple:
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
    via: str = "",
) -> Rating:
    """Rate a finished ticket (一次一评): to whoever served it, at that window. A 差评 opens
    its follow-up at once, with the call-back and rectification due dates."""
    hall = ticket.hall
    tags, comment = _checked(selectors.tags_for(hall, level), level, tags, comment)
    if ticket.status != TicketStatus.DONE:
        raise NotFinished()
    department = ticket.category.department_id
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                hall=hall,
                ticket=ticket,
                level=level,
                tags=tags,
                comment=comment,
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
