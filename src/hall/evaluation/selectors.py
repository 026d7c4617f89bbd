"""Reads of 好差评 that the pages, the pad and the API share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, When

from hall.core.memo import Memo
from hall.core.models import Department, Hall, User
from hall.core.selectors import hall_settings
from hall.evaluation.choices import AppealStatus, FollowUpStatus
from hall.evaluation.models import Appeal, EvaluationSettings, FollowUp, Rating

_settings: Memo[EvaluationSettings] = Memo(seconds=5.0, cleared_by=(EvaluationSettings,))


def evaluation_settings(hall: Hall) -> EvaluationSettings:
    return _settings.get(hall.pk, lambda: hall_settings(EvaluationSettings, hall))


def tags_for(hall: Hall, level: int) -> list[str]:
    return [str(t) for t in evaluation_settings(hall).tags.get(str(level), [])]


def follow_ups(hall: Hall, departments: QuerySet[Department]) -> QuerySet[FollowUp]:
    """The follow-ups of the departments in the reader's charge (a rating of no department
    is the office's), open ones first, the most urgent first."""
    in_charge = Q(department__in=departments)
    if departments.count() == Department.objects.filter(hall=hall).count():
        in_charge |= Q(department__isnull=True)
    return (
        FollowUp.objects.filter(in_charge, hall=hall)
        .select_related("rating__staff", "rating__window", "rating__ticket", "department")
        .order_by(
            Case(When(status=FollowUpStatus.CLOSED, then=1), default=0),
            "callback_due",
            "pk",
        )
    )


@dataclass(frozen=True)
class LoopFigures:
    """How the 差评 loop is kept (V2: every bad rating called back and answered, 100 %)."""

    opened: int
    called_back: int
    called_back_on_time: int
    answered: int  # closed: explained, or rectified and told

    @staticmethod
    def rate(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def callback_rate(self) -> int | None:
        return self.rate(self.called_back, self.opened)

    @property
    def on_time_rate(self) -> int | None:
        return self.rate(self.called_back_on_time, self.opened)

    @property
    def reply_rate(self) -> int | None:
        return self.rate(self.answered, self.opened)


def loop_figures(follow_ups: QuerySet[FollowUp]) -> LoopFigures:
    """Of these follow-ups, counted in one query."""
    totals = follow_ups.aggregate(
        opened=Count("pk"),
        called_back=Count("pk", filter=Q(called_back_at__isnull=False)),
        on_time=Count(
            "pk",
            filter=Q(called_back_at__isnull=False, called_back_at__date__lte=F("callback_due")),
        ),
        answered=Count("pk", filter=Q(status=FollowUpStatus.CLOSED)),
    )
    return LoopFigures(
        totals["opened"], totals["called_back"], totals["on_time"], totals["answered"]
    )


def own_ratings(user: User, since: datetime.date) -> QuerySet[Rating]:
    """A member of staff's ratings (their own figures, and what they may appeal)."""
    return (
        Rating.objects.filter(staff=user, created_at__date__gte=since)
        .select_related("ticket", "window", "appeal", "hall")
        .order_by("-created_at")
    )


def appeals(hall: Hall) -> QuerySet[Appeal]:
    """The hall's appeals, those waiting first."""
    return (
        Appeal.objects.filter(hall=hall)
        .select_related("rating__ticket", "rating__window", "staff", "decided_by")
        .order_by(Case(When(status=AppealStatus.PENDING, then=0), default=1), "-created_at")
    )
