"""Faults and repairs (F1). A fault of what a window calls with may take the window out of
the routing through the window's one path (its numbers go to the other windows); the repair
is closed with a note and the office opens the window again as usual."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.choices import WindowState
from hall.core.errors import InvalidInput
from hall.core.inputs import clean_text, required_text
from hall.core.models import User
from hall.core.services import window_set_state
from hall.facilities.errors import FaultAlreadyReported, FaultClosed
from hall.facilities.models import Equipment, FaultReport

REPORT = "facilities.add_faultreport"
REPAIR = "facilities.change_faultreport"


@transaction.atomic
def fault_report(
    *,
    equipment: Equipment,
    actor: User,
    description: str = "",
    take_window_out: bool = False,
    via: str = "",
) -> FaultReport:
    """报修 in two clicks: the item, then the button (what is wrong may be left to the
    repairer). Taking the window out closes it with the fault as the reason."""
    require_permission(actor, REPORT)
    description = clean_text(description).strip()[:300] or _("Does not work")
    took_out = take_window_out and equipment.stops_its_window
    try:
        with transaction.atomic():
            report = FaultReport.objects.create(
                equipment=equipment,
                hall_id=equipment.hall_id,
                reported_at=timezone.now(),
                reported_by=actor,
                description=description,
                took_window_out=took_out,
            )
    except IntegrityError:
        raise FaultAlreadyReported(name=equipment.name) from None
    if took_out and equipment.window is not None:
        window_set_state(
            actor=actor,
            window=equipment.window,
            state=WindowState.CLOSED,
            reason=_("Equipment fault: %(name)s") % {"name": equipment.name},
            via=via,
        )
    audit_record(
        actor=actor,
        action="equipment.fault_reported",
        target=report,
        changes={"equipment": [None, equipment.name], "took_window_out": [None, took_out]},
        via=via,
    )
    return report


def _open(report: FaultReport) -> FaultReport:
    locked = FaultReport.objects.select_for_update().get(pk=report.pk)
    if locked.closed_at is not None:
        raise FaultClosed()
    return locked


@transaction.atomic
def fault_assign(*, report: FaultReport, actor: User, to: User, via: str = "") -> FaultReport:
    require_permission(actor, REPAIR)
    locked = _open(report)
    if to.hall_id != locked.hall_id:
        raise InvalidInput(_("Choose someone of this hall."))
    before, locked.assigned_to = locked.assigned_to_id, to
    locked.save(update_fields=["assigned_to"])
    audit_record(
        actor=actor,
        action="equipment.fault_assigned",
        target=locked,
        changes={"assigned_to": [before, to.pk]},
        via=via,
    )
    return locked


@transaction.atomic
def fault_close(*, report: FaultReport, actor: User, note: str, via: str = "") -> FaultReport:
    """Repaired, with a note of what was done."""
    require_permission(actor, REPAIR)
    locked = _open(report)
    locked.repair_note = required_text(note, length=300, missing=_("Say what was repaired."))
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.save(update_fields=["repair_note", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action="equipment.fault_closed",
        target=locked,
        changes={"closed_at": [None, locked.closed_at.isoformat()]},
        via=via,
    )
    return locked


@transaction.atomic
def maintenance_done(
    *, equipment: Equipment, actor: User, day: datetime.date, via: str = ""
) -> Equipment:
    require_permission(actor, REPAIR)
    if day > timezone.localdate():
        raise InvalidInput(_("Maintenance cannot be recorded for a day still to come."))
    locked = Equipment.objects.select_for_update().get(pk=equipment.pk)
    before, locked.last_maintained_on = locked.last_maintained_on, day
    locked.save(update_fields=["last_maintained_on"])
    audit_record(
        actor=actor,
        action="equipment.maintained",
        target=locked,
        changes={"last_maintained_on": [str(before) if before else None, str(day)]},
        via=via,
    )
    return locked
