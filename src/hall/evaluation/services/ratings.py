"""Ratings (一次一评, 一事一评) and the loop a bad one opens, and appeals. Each in one short
transaction with its audit; the one-rating rule is a unique column, so two taps at the same
instant (the pad and the phone) store one rating and the other hears 409."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.cases.choices import CONCLUDED_OR_LATER, Warning
from hall.cases.clock import working_days_left
from hall.cases.selectors import concluded_between
from hall.core import calendar, identifiers
from hall.core.audit import audit_record
from hall.core.errors import InvalidInput
from hall.core.events import emit
from hall.core.inputs import clean_text, required_text
from hall.core.links import public_link
from hall.core.models import Hall, User
from hall.core.outbox import outbox_enqueue, outbox_tell
from hall.core.periods import period_span
from hall.core.selectors import department_heads
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
    RankingPublished,
    RatingExpired,
    TagsNotOfLevel,
)
from hall.evaluation.events import RatingGiven
from hall.evaluation.models import (
    Appeal,
    FollowUp,
    PublishedRanking,
    Rating,
    RatingReport,
)
from hall.queueing.choices import TicketStatus

if TYPE_CHECKING:
    from hall.cases.models import Case
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


@dataclass(frozen=True)
class Served:
    """What a rating is of, and who gave that service where: a ticket finished at a window,
    or a case concluded by its handler (no window: it went through the back office)."""

    hall: Hall
    ticket: Ticket | None
    case: Case | None
    finished: bool
    staff_id: int | None
    window_id: int | None
    department_id: int | None
    service_item_id: int | None = None
    finished_on: datetime.date | None = None

    @classmethod
    def of_ticket(cls, ticket: Ticket) -> Served:
        return cls(
            hall=ticket.hall,
            ticket=ticket,
            case=None,
            finished=ticket.status == TicketStatus.DONE,
            staff_id=ticket.served_by_id,
            window_id=ticket.window_id,
            department_id=ticket.category.department_id,
            finished_on=timezone.localdate(ticket.finished_at) if ticket.finished_at else None,
        )

    @classmethod
    def of_case(cls, case: Case) -> Served:
        return cls(
            hall=case.hall,
            ticket=None,
            case=case,
            finished=case.status in CONCLUDED_OR_LATER,
            staff_id=case.handler_id,
            window_id=None,
            department_id=case.department_id,
            service_item_id=case.service.item_id,
            finished_on=case.concluded_on,
        )

    @property
    def number(self) -> str:
        return self.ticket.number if self.ticket else self.case.number if self.case else ""


def rating_give(
    *,
    served: Served,
    level: int,
    tags: list[str],
    comment: str,
    channel: RatingChannel,
    mobile: str = "",
    via: str = "",
) -> Rating:
    """Rate a finished ticket (一次一评) or a concluded case (一事一评), once: to whoever
    gave the service. A 差评 opens its follow-up at once, with the call-back and
    rectification due dates."""
    hall = served.hall
    tags, comment = _checked(selectors.tags_for(hall, level), level, tags, comment)
    if not served.finished:
        raise NotFinished()
    days = selectors.evaluation_settings(hall).rate_within_days
    if served.finished_on and timezone.localdate() > served.finished_on + datetime.timedelta(days):
        raise RatingExpired(days=days)
    mobile = identifiers.validate_mobile(mobile) if mobile.strip() and level in BAD else ""
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                hall=hall,
                ticket=served.ticket,
                case=served.case,
                level=level,
                tags=tags,
                comment=comment,
                contact_mobile=mobile,
                channel=channel,
                staff_id=served.staff_id,
                window_id=served.window_id,
                department_id=served.department_id,
                service_item_id=served.service_item_id,
            )
            follow_up = _open_follow_up(rating) if level in BAD else None
            RatingReport.objects.create(rating=rating)  # upstream, with the rating (reporting)
            audit_record(
                actor=None,
                action="evaluation.rate",
                target=rating,
                hall=hall,
                changes={"level": [None, level], "service": [None, served.number]},
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
        if Rating.objects.filter(
            Q(ticket=served.ticket) if served.ticket else Q(case=served.case)
        ).exists():
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
        .select_related("rating__ticket", "rating__case", "hall")
        .get(pk=follow_up.pk)
    )
    if locked.status not in allowed:
        raise FollowUpWrongState(status=locked.get_status_display())
    return locked


def note_cleaned(text: str, *, missing: str | None = None, length: int = NOTE_LENGTH) -> str:
    """A note of the 差评 loop (core.inputs.required_text), saying what the record is for."""
    return required_text(
        text,
        length=length,
        missing=missing or _("Say what was found or done: the record is what the person is told."),
    )


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
    locked.callback_note = note_cleaned(note)
    locked.called_back_at = timezone.now()
    locked.handled_by = actor
    locked.status = (
        FollowUpStatus.RECTIFYING if finding == Finding.SUBSTANTIATED else FollowUpStatus.CLOSED
    )
    locked.warning = Warning.NONE  # the next step has its own due date
    locked.save(
        update_fields=[
            "finding",
            "callback_note",
            "called_back_at",
            "handled_by",
            "status",
            "warning",
        ]
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
    locked.rectification_note = note_cleaned(note)
    locked.rectified_at = timezone.now()
    locked.handled_by = actor
    locked.status = FollowUpStatus.CLOSED
    locked.warning = Warning.NONE
    locked.save(
        update_fields=["rectification_note", "rectified_at", "handled_by", "status", "warning"]
    )
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
                "number": locked.rating.service_number,
                "done": locked.rectification_note,
            },
            dedupe_key=f"follow-up-{locked.pk}-rectified",
        )
    return locked


@transaction.atomic
def follow_up_second_rating(
    *, follow_up: FollowUp, level: int, comment: str, via: str = ""
) -> FollowUp:
    """追评: once told what was done, the person rates how the 差评 was handled, once. It
    is kept beside the first rating, which stays as it was."""
    if level not in Level.values:
        raise LevelOutOfRange()
    locked = _lock(follow_up, (FollowUpStatus.CLOSED,))
    if locked.second_level is not None:
        raise AlreadyEvaluated()
    locked.second_level = level
    locked.second_comment = clean_text(comment).strip()[:COMMENT_LENGTH]
    locked.second_rated_at = timezone.now()
    locked.save(update_fields=["second_level", "second_comment", "second_rated_at"])
    audit_record(
        actor=None,
        action="evaluation.second_rating",
        target=locked,
        hall=locked.hall,
        changes={"second_level": [None, level]},
        via=via,
    )
    return locked


def rating_invite(*, case: Case, reminder: bool = False) -> bool:
    """The SMS inviting the applicant of a concluded case to rate it (一事一评), or the one
    reminder; in the caller's transaction, once each (the outbox's key). False when there is
    no phone to send it to or it was sent before."""
    phone = case.applicant_phone
    if not phone:
        return False
    text = (
        _("%(hall)s: case %(number)s is concluded. Please rate our service: %(link)s")
        if not reminder
        else _("%(hall)s: you have not yet rated case %(number)s. Please tell us: %(link)s")
    )
    link = public_link(case.hall, "case-evaluation", query=urlencode({"number": case.number}))
    return outbox_enqueue(
        hall=case.hall,
        mobile=phone.plaintext,
        text=text % {"hall": case.hall.name, "number": case.number, "link": link},
        dedupe_key=f"case-{case.pk}-rating-{'reminder' if reminder else 'invitation'}",
    )


def follow_ups_warn(*, today: datetime.date) -> int:
    """Yellow before a follow-up's due date, red after it (call back, then rectify), as for
    cases: recorded on the follow-up and sent to its department's heads once each. Answers
    how many messages were queued."""
    sent = 0
    open_follow_ups = FollowUp.objects.exclude(status=FollowUpStatus.CLOSED).select_related(
        "hall", "rating"
    )
    for follow_up in open_follow_ups.iterator():
        warn_days = selectors.evaluation_settings(follow_up.hall).warn_working_days
        warning = _warning_for(follow_up.due, today, warn_days)
        if warning != Warning.NONE and warning != follow_up.warning:
            sent += _warn(follow_up, warning)
    return sent


def _warning_for(due: datetime.date | None, today: datetime.date, warn_days: int) -> Warning:
    if due is None:
        return Warning.NONE
    left = working_days_left(due, today)
    if left < 0:
        return Warning.RED
    return Warning.YELLOW if left <= warn_days else Warning.NONE


def _warn(follow_up: FollowUp, warning: Warning) -> int:
    with transaction.atomic():
        updated = FollowUp.objects.filter(
            pk=follow_up.pk, status=follow_up.status, warning=follow_up.warning
        ).update(warning=warning)
        if not updated or follow_up.department_id is None:
            return 0  # changed meanwhile; or the office's own, on its dashboard
        text = (
            _("Bad rating of %(number)s: %(step)s was due on %(due)s and is overdue.")
            if warning == Warning.RED
            else _("Bad rating of %(number)s: %(step)s is due on %(due)s.")
        ) % {
            "number": follow_up.rating.service_number,
            "step": _("the call back")
            if follow_up.status == FollowUpStatus.CALL_BACK
            else _("the rectification"),
            "due": follow_up.due,
        }
        return outbox_tell(
            hall=follow_up.hall,
            people=department_heads(follow_up.department_id),
            text=text,
            dedupe_key=f"follow-up-{follow_up.pk}-{follow_up.status}-{warning}",
        )


REMIND_AFTER_DAYS = 3
REMIND_UNTIL_DAYS = 10  # a job that could not run for a week still reminds, never later


def rating_reminders(*, now: datetime.datetime) -> int:
    """Remind once the applicants of cases concluded 3 days ago and not rated; answers how
    many reminders were queued."""
    today = timezone.localdate(now)
    unrated = concluded_between(
        today - datetime.timedelta(days=REMIND_UNTIL_DAYS),
        today - datetime.timedelta(days=REMIND_AFTER_DAYS),
    ).filter(rating__isnull=True)
    queued = 0
    for case in unrated.iterator():
        with transaction.atomic():
            queued += rating_invite(case=case, reminder=True)
    return queued


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
                reason=note_cleaned(reason, missing=_("Say why the rating is mistaken.")),
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
    locked.decision_note = note_cleaned(note, missing=_("Say why: the member of staff is told."))
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


# --- the monthly ranking ------------------------------------------------------------------------


def ranking_publish(
    *, actor: User, hall: Hall, month: datetime.date, via: str = ""
) -> PublishedRanking:
    """Publish a finished month's ranking of windows and departments by satisfaction, once
    (the hall's satisfaction page shows the latest)."""
    month = month.replace(day=1)
    if month >= timezone.localdate().replace(day=1):
        raise InvalidInput(_("Only a month that is over can be published."))
    start, end = period_span("month", month)
    ratings = selectors.counted_ratings(hall, start, end)

    def table(by: str) -> list[dict[str, object]]:
        return [
            {"label": row.label, "rated": row.rated, "rate": row.rate, "bad": row.bad}
            for row in selectors.satisfaction_by(ratings, by)
        ]

    try:
        with transaction.atomic():
            ranking = PublishedRanking.objects.create(
                hall=hall,
                month=month,
                windows=table("window"),
                departments=table("department"),
                published_by=actor,
            )
            audit_record(
                actor=actor,
                action="evaluation.ranking_published",
                target=ranking,
                hall=hall,
                changes={"month": [None, f"{month:%Y-%m}"]},
                via=via,
            )
    except IntegrityError:
        raise RankingPublished(month=f"{month:%Y-%m}") from None
    return ranking
