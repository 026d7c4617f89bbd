"""Writes of planning: the staffing advice applied as the month's required windows (D3)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from hall.core.access import require_permission
from hall.core.models import Department, Hall, User
from hall.planning.staffing import Advice, advice_closures, advise
from hall.rostering.services import AdvisedClosure, advised_closures_apply


def advice_apply(
    *, actor: User | None, hall: Hall, month: datetime.date, via: str = ""
) -> tuple[Advice, int]:
    """Computed first (it simulates), then each department's closures in its own short
    transaction: the roster solver then staffs exactly the advised windows."""
    if actor is not None:
        require_permission(actor, "planning.plan_staffing")
    advice = advise(hall, month)
    closed = 0
    reason = _("Staffing advice: %(level)s%% within %(minutes)s minutes") % {
        "level": round(advice.target * 100),
        "minutes": advice.answer_within,
    }
    for department_id, closures in advice_closures(advice).items():
        closed += advised_closures_apply(
            actor=actor,
            hall=hall,
            department=Department.objects.get(pk=department_id),
            month=advice.month,
            closures=[AdvisedClosure(w, day, period) for w, day, period in closures],
            reason=reason,
            via=via,
        )
    return advice, closed
