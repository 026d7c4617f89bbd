"""Equipment the dashboard warns of: faults not repaired, maintenance due (F1)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.attention import attention_check
from hall.core.models import Hall
from hall.facilities.selectors import (
    checks_due,
    drills_overdue,
    maintenance_due,
    open_faults,
    silent_screens,
)


@attention_check
def equipment_needs(hall: Hall) -> list[str]:
    warnings = []
    faults = open_faults(hall).count()
    if faults:
        warnings.append(_("%(n)s equipment faults are not repaired yet.") % {"n": faults})
    due = maintenance_due(hall, timezone.localdate())
    if due:
        warnings.append(_("%(n)s items of equipment are due for maintenance.") % {"n": len(due)})
    silent = silent_screens(hall)
    if silent:
        names = "、".join(item.name for item in silent[:5])
        warnings.append(_("Screens not heard from: %(names)s.") % {"names": names})
    checks = checks_due(hall, timezone.localdate())
    if checks:
        warnings.append(_("%(n)s fire-safety checks are due.") % {"n": len(checks)})
    drills = drills_overdue(hall, timezone.localdate())
    if drills:
        warnings.append(_("%(n)s planned drills are past their day and not held.") % {"n": drills})
    return warnings
