"""The weekly rule on the dashboard (每周不少于一次抽查): from the last working day of a week
with no spot inspection yet, the office and leadership are warned; and findings overdue."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hall.core.attention import attention_check
from hall.core.models import Hall
from hall.supervision import selectors
from hall.supervision.choices import InspectionKind, ReviewStatus
from hall.supervision.models import Inspection, ReviewRequest


@attention_check
def week_not_inspected(hall: Hall) -> list[str]:
    today = timezone.localdate()
    monday, _sunday = selectors.week_of(today)
    last = selectors.last_working_day_of_week(today)
    inspected = Inspection.objects.filter(
        hall=hall, kind=InspectionKind.INSPECTION, started_at__date__gte=monday
    ).exists()
    if inspected or last is None or today < last:
        return []
    return [_("No spot inspection of the hall this week yet (at least one a week).")]


@attention_check
def reviews_waiting(hall: Hall) -> list[str]:
    """Staff asked for a review of a score: a month cannot be locked before it is decided."""
    waiting = ReviewRequest.objects.filter(hall=hall, status=ReviewStatus.PENDING).count()
    if not waiting:
        return []
    return [
        ngettext(
            "%(n)s request for a review of a monthly score waits for the office.",
            "%(n)s requests for a review of a monthly score wait for the office.",
            waiting,
        )
        % {"n": waiting}
    ]
