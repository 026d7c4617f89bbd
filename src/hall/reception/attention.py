"""Reception's rule the dashboard warns of: a question left open past the hall's limit."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hall.core.attention import attention_check
from hall.core.models import Hall
from hall.reception.selectors import late_questions, open_question_hours


@attention_check
def questions_left_open(hall: Hall) -> list[str]:
    late = late_questions(hall)
    if not late:
        return []
    return [
        _("%(n)s questions have been open longer than %(hours)s hours (首问负责制).")
        % {"n": late, "hours": open_question_hours(hall)}
    ]
