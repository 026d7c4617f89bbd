"""What the reception pages and the office read of the questions (R2)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour
from django.utils import timezone

from hall.core.hours import day_span, days_span
from hall.core.memo import Memo
from hall.core.models import Hall, User
from hall.core.selectors import hall_settings
from hall.reception.choices import QuestionStatus
from hall.reception.models import Question, ReceptionSettings, Visit

_settings: Memo[ReceptionSettings] = Memo(seconds=5.0, cleared_by=(ReceptionSettings,))


def open_question_hours(hall: Hall) -> int:
    settings = _settings.get(hall.pk, lambda: hall_settings(ReceptionSettings, hall.pk))
    return settings.open_question_hours


def questions_of(hall: Hall) -> QuerySet[Question]:
    return Question.objects.filter(hall=hall).select_related(
        "owner", "first_owner", "answered_by", "service_item", "service_item__current"
    )


def open_questions(hall: Hall, user: User) -> list[Question]:
    """The hall's open questions, the user's own first, the oldest first."""
    rows = list(questions_of(hall).filter(status=QuestionStatus.OPEN).order_by("asked_at")[:200])
    return sorted(rows, key=lambda q: q.owner_id != user.pk)


def late_questions(hall: Hall, now: datetime.datetime | None = None) -> int:
    """Open questions older than the hall's limit (flagged to the office)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=open_question_hours(hall))
    return Question.objects.filter(
        hall=hall, status=QuestionStatus.OPEN, asked_at__lt=since
    ).count()


def frequent_by_item(hall: Hall, since: datetime.date) -> list[dict[str, Any]]:
    """Per service item, how often it was asked about since a day and how many answers
    are in its guide: what the office picks the FAQ from, the most asked first."""
    rows = (
        Question.objects.filter(
            hall=hall, asked_at__gte=day_span(since)[0], service_item__isnull=False
        )
        .values("service_item", "service_item__code", "service_item__current__name")
        .annotate(asked=Count("pk"), in_guide=Count("pk", filter=Q(in_guide=True)))
        .order_by("-asked", "service_item__code")[:50]
    )
    return [dict(row) for row in rows]


def visits_today(hall: Hall) -> list[Visit]:
    start, end = day_span(timezone.localdate())
    return list(
        Visit.objects.filter(hall=hall, at__gte=start, at__lt=end)
        .select_related("service_item__current", "guided_to_zone", "guided_to_window", "ticket")
        .order_by("-at")[:50]
    )


def visitors_by_hour(hall: Hall, first: datetime.date, last: datetime.date) -> dict[int, int]:
    """Visitors registered per hour of the day (local) over a period, for the reports."""
    start, end = days_span(first, last)
    return dict(
        Visit.objects.filter(hall=hall, at__gte=start, at__lt=end)
        .annotate(hour=ExtractHour("at"))
        .values("hour")
        .annotate(n=Count("pk"))
        .values_list("hour", "n")
    )
