"""Writes of the monthly scores (V5): commendations and adjustments the office records, the
lock of a month, and staff's requests for a review. Each in one short transaction with its
audit; the scores themselves are computed before it (hall.supervision.scoring)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.errors import Conflict, InvalidInput
from hall.core.inputs import add_months, clean_text, required_text
from hall.core.models import Hall, User, Window
from hall.supervision import scoring
from hall.supervision.choices import ReviewStatus, ScoreRule
from hall.supervision.errors import (
    MonthLocked,
    ReviewsPending,
    ReviewWrongState,
)
from hall.supervision.models import (
    Commendation,
    LockedMonth,
    ReviewRequest,
    ScoreAdjustment,
    ScoreRuleSetting,
    SupervisionSettings,
)
from hall.supervision.services.inspections import check_names_someone

MANAGE = "supervision.manage_scores"
MOST_POINTS = Decimal(50)


def _serialised(hall: Hall) -> None:
    """Locking a month and asking for a review take turns on the hall's row: a review asked
    at the instant of the lock is either seen by it or refused."""
    Hall.objects.select_for_update().filter(pk=hall.pk).first()


def _open(hall: Hall, month: datetime.date) -> None:
    if LockedMonth.objects.filter(hall=hall, month=month.replace(day=1)).exists():
        raise MonthLocked(month=f"{month:%Y-%m}")


@transaction.atomic
def commendation_record(
    *,
    actor: User,
    hall: Hall,
    staff: User | None,
    window: Window | None,
    received_on: datetime.date,
    source: str,
    note: str,
    via: str = "",
) -> Commendation:
    """A letter of thanks (表扬信) for a member of staff and/or a window."""
    require_permission(actor, MANAGE)
    check_names_someone(hall, staff, window)
    if received_on > timezone.localdate():
        raise InvalidInput(_("A commendation is recorded once it has been received."))
    _serialised(hall)
    _open(hall, received_on)
    letter = Commendation.objects.create(
        hall=hall,
        staff=staff,
        window=window,
        received_on=received_on,
        source=required_text(source, length=100, missing=_("Say whom it is from.")),
        note=required_text(note, length=500, missing=_("Say what it thanks them for.")),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="supervision.commendation_recorded",
        target=letter,
        hall=hall,
        changes={"received_on": [None, received_on.isoformat()]},
        via=via,
    )
    return letter


def _points(points: Decimal) -> Decimal:
    if not points or abs(points) > MOST_POINTS:
        raise InvalidInput(_("Give points from −50 to 50, not 0."))
    return points.quantize(Decimal("0.1"))


@transaction.atomic
def score_adjust(
    *,
    actor: User,
    hall: Hall,
    month: datetime.date,
    staff: User | None,
    window: Window | None,
    points: Decimal,
    reason: str,
    via: str = "",
) -> ScoreAdjustment:
    """A manual change to a month's score: only with its reason, audited."""
    require_permission(actor, MANAGE)
    check_names_someone(hall, staff, window)
    reason = required_text(reason, length=500, missing=_("Say why the score is adjusted."))
    points = _points(points)
    _serialised(hall)
    _open(hall, month)
    change = ScoreAdjustment.objects.create(
        hall=hall,
        month=month.replace(day=1),
        staff=staff,
        window=window,
        points=points,
        reason=reason,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="supervision.score_adjusted",
        target=change,
        hall=hall,
        changes={"points": [None, str(points)], "reason": [None, reason]},
        via=via,
    )
    return change


def month_lock(*, actor: User, hall: Hall, month: datetime.date, via: str = "") -> LockedMonth:
    """The office locks a month that is over and has no review waiting: its scores are kept
    as they are now (computed first, outside the write)."""
    require_permission(actor, MANAGE)
    month = month.replace(day=1)
    if add_months(month, 1) > timezone.localdate():
        raise InvalidInput(_("A month is locked once it is over."))
    recorded = _recorded_by_hand(hall, month)
    scores = scoring.draft_scores(hall, month, now=timezone.now()).as_json()
    with transaction.atomic():
        _serialised(hall)
        _open(hall, month)
        if _recorded_by_hand(hall, month) != recorded:
            raise Conflict(
                _("A score of this month changed while it was being locked: lock again.")
            )
        waiting = ReviewRequest.objects.filter(
            hall=hall, month=month, status=ReviewStatus.PENDING
        ).count()
        if waiting:
            raise ReviewsPending(count=waiting)
        locked = LockedMonth.objects.create(hall=hall, month=month, scores=scores, locked_by=actor)
        audit_record(
            actor=actor,
            action="supervision.month_locked",
            target=locked,
            hall=hall,
            changes={"month": [None, f"{month:%Y-%m}"]},
            via=via,
        )
    return locked


def _recorded_by_hand(hall: Hall, month: datetime.date) -> tuple[int, int]:
    """What the office may add to a month while its scores are computed for the lock."""
    last = add_months(month, 1) - datetime.timedelta(days=1)
    return (
        ScoreAdjustment.objects.filter(hall=hall, month=month).count(),
        Commendation.objects.filter(hall=hall, received_on__range=(month, last)).count(),
    )


@transaction.atomic
def review_request(*, actor: User, month: datetime.date, text: str, via: str = "") -> ReviewRequest:
    """A member of staff asks the office to look again at their month's score."""
    hall = actor.hall
    if hall is None or not scoring.scored_staff(hall).filter(pk=actor.pk).exists():
        raise InvalidInput(_("Only the hall's staff have a monthly score to review."))
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise InvalidInput(_("That month has not begun."))
    text = required_text(text, length=1000, missing=_("Say what should be looked at again."))
    _serialised(hall)
    _open(hall, month)
    if ReviewRequest.objects.filter(
        hall=hall, month=month, staff=actor, status=ReviewStatus.PENDING
    ).exists():
        raise Conflict(_("Your request for this month is waiting for the office already."))
    review = ReviewRequest.objects.create(hall=hall, month=month, staff=actor, text=text)
    audit_record(
        actor=actor,
        action="supervision.review_requested",
        target=review,
        hall=hall,
        changes={"month": [None, f"{month:%Y-%m}"]},
        via=via,
    )
    return review


@transaction.atomic
def review_decide(
    *,
    actor: User,
    review: ReviewRequest,
    accept: bool,
    reply: str,
    points: Decimal | None,
    via: str = "",
) -> ReviewRequest:
    """The office decides: accepted (with points to adjust by, if any) or not, with a reply."""
    require_permission(actor, MANAGE)
    locked = ReviewRequest.objects.select_for_update().select_related("hall").get(pk=review.pk)
    if locked.status != ReviewStatus.PENDING:
        raise ReviewWrongState()
    if accept:
        reply = required_text(reply, length=1000) if reply.strip() else _("Accepted.")
    else:
        reply = required_text(reply, length=1000, missing=_("Say why it is not accepted."))
    if accept and points:
        ScoreAdjustment.objects.create(
            hall=locked.hall,
            month=locked.month,
            staff=locked.staff,
            points=_points(points),
            reason=_("Review: %(reply)s") % {"reply": reply},
            recorded_by=actor,
        )
    locked.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED
    locked.reply = reply
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reply", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action="supervision.review_decided",
        target=locked,
        hall=locked.hall,
        changes={"status": [ReviewStatus.PENDING, locked.status], "points": [None, str(points)]},
        via=via,
    )
    return locked


SETTINGS_NUMBERS = (
    "score_base",
    "score_cap",
    "weight_efficiency",
    "weight_assessment",
    "weight_duty_vote",
    "weight_public_vote",
    "red_flags_month",
    "red_flags_quarter",
    "red_flags_year",
    "stars_quarter",
)


@transaction.atomic
def rules_save(
    *,
    actor: User,
    hall: Hall,
    points: dict[str, Decimal],
    numbers: dict[str, str],
    checklist: str | None = None,
    via: str = "",
) -> None:
    """Every rule's points, the score's base and most, the awards' weights (adding up to
    100) and places, and the inspections' checklist (a point a line): checked together,
    saved together."""
    require_permission(actor, "supervision.change_supervisionsettings")
    settings = SupervisionSettings.objects.select_for_update().filter(hall=hall).first()
    settings = settings or SupervisionSettings(hall=hall)
    before = {name: getattr(settings, name) for name in SETTINGS_NUMBERS}
    for name in SETTINGS_NUMBERS:
        text = numbers.get(name, "").strip()
        if not text.isdecimal() or len(text) > 4:
            raise InvalidInput(_("Give whole numbers."))
        setattr(settings, name, int(text))
    try:
        settings.full_clean(exclude=["hall", "points"])
    except ValidationError as invalid:
        raise InvalidInput("；".join(invalid.messages)) from None
    if sum(settings.weights.values()) != 100:
        raise InvalidInput(_("The four weights add up to 100."))
    if not 0 < settings.score_base <= settings.score_cap:
        raise InvalidInput(_("The base is above 0 and not above the most."))
    if checklist is not None:
        settings.points = _checklist(checklist)
    for rule, value in points.items():
        if abs(value) > MOST_POINTS:
            raise InvalidInput(_("Give points from −50 to 50."))
        ScoreRuleSetting.objects.update_or_create(
            hall=hall, rule=ScoreRule(rule), defaults={"points": value.quantize(Decimal("0.1"))}
        )
    settings.save()
    audit_record(
        actor=actor,
        action="supervision.rules_saved",
        target=settings,
        hall=hall,
        changes={
            "checklist": [None, len(settings.points)],
        }
        | {
            name: [before[name], getattr(settings, name)]
            for name in SETTINGS_NUMBERS
            if before[name] != getattr(settings, name)
        }
        | {"points": [None, {rule: str(value) for rule, value in points.items()}]},
        via=via,
    )


MOST_POINTS_LISTED = 30


def _checklist(text: str) -> list[str]:
    """A point a line, cleaned, each once, at most 100 characters, one to thirty of them."""
    points = list(
        dict.fromkeys(line.strip()[:100] for line in clean_text(text).splitlines() if line.strip())
    )
    if not 1 <= len(points) <= MOST_POINTS_LISTED:
        raise InvalidInput(
            _("The checklist has one to %(most)s points, a point a line.")
            % {"most": MOST_POINTS_LISTED}
        )
    return points
