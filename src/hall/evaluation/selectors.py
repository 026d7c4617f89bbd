"""Reads of 好差评 that the pages, the pad and the API share."""

from __future__ import annotations

from django.db.models import QuerySet

from hall.core.memo import Memo
from hall.core.models import Hall
from hall.core.selectors import hall_settings
from hall.evaluation.models import EvaluationSettings, FollowUp

_settings: Memo[EvaluationSettings] = Memo(seconds=5.0, cleared_by=(EvaluationSettings,))


def evaluation_settings(hall: Hall) -> EvaluationSettings:
    return _settings.get(hall.pk, lambda: hall_settings(EvaluationSettings, hall))


def tags_for(hall: Hall, level: int) -> list[str]:
    return [str(t) for t in evaluation_settings(hall).tags.get(str(level), [])]


def open_follow_ups(hall: Hall) -> QuerySet[FollowUp]:
    """The bad ratings still to be called back or rectified, the most urgent first."""
    return (
        FollowUp.objects.filter(hall=hall)
        .exclude(status="closed")
        .select_related("rating__staff", "rating__window", "department")
    )
