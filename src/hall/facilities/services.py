"""Faults and repairs (F1), safety (F2) below. A fault of what a window calls with may take
the window out of the routing through the window's one path (its numbers go to the other
windows); the repair is closed with a note and the office opens the window again as usual."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.access import require_permission
from hall.core.audit import audit_record
from hall.core.choices import WindowState
from hall.core.errors import InvalidInput
from hall.core.hours import is_open
from hall.core.inputs import add_months, check_date, clean_text, required_text
from hall.core.models import Hall, User
from hall.core.outbox import outbox_tell
from hall.core.selectors import hall_office, hall_settings
from hall.core.services import window_set_state
from hall.facilities.errors import FaultAlreadyReported, FaultClosed
from hall.facilities.models import (
    Drill,
    EmergencyPlan,
    Equipment,
    FacilitiesSettings,
    FaultReport,
    Incident,
    SafetyCheck,
    SafetyItem,
)

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
    locked = (
        FaultReport.objects.select_for_update(of=("self",))
        .select_related("hall", "equipment__window")
        .get(pk=report.pk)
    )
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
    outbox_tell(
        hall=locked.hall,
        people=[to],
        text=_("%(hall)s: please repair %(item)s: %(what)s")
        % {"hall": locked.hall.name, "item": _where(locked.equipment), "what": locked.description},
        dedupe_key=f"fault-{locked.pk}-assigned",
    )
    audit_record(
        actor=actor,
        action="equipment.fault_assigned",
        target=locked,
        changes={"assigned_to": [before, to.pk]},
        via=via,
    )
    return locked


def _where(item: Equipment) -> str:
    if item.window is None:
        return item.name
    return _("%(name)s at window %(number)s") % {"name": item.name, "number": item.window.number}


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


# --- safety (F2): plans, drills, fire-safety checks, incidents told through the outbox -----

SAFETY = "facilities.change_safetyitem"
MOST_PLAN_BYTES = 20 * 1024 * 1024


def _colleagues(hall: Hall, ids: Sequence[int]) -> list[User]:
    people = list(User.objects.filter(hall=hall, is_active=True, pk__in=ids))
    if len(people) != len(set(ids)):
        raise InvalidInput(_("Choose people of this hall."))
    return people


@transaction.atomic
def plan_upload(
    *, hall: Hall, actor: User, title: str, document: Any, via: str = ""
) -> EmergencyPlan:
    """A plan's next version: a real PDF of at most 20 MB."""
    require_permission(actor, SAFETY)
    title = required_text(title, length=100, missing=_("Give the plan a title."))
    if document is None or document.size > MOST_PLAN_BYTES or document.read(5) != b"%PDF-":
        raise InvalidInput(_("Upload the plan as a PDF of at most 20 MB."))
    document.seek(0)
    latest = EmergencyPlan.objects.filter(hall=hall, title=title).aggregate(v=Max("version"))["v"]
    plan = EmergencyPlan.objects.create(
        hall=hall,
        title=title,
        version=(latest or 0) + 1,
        document=document,
        uploaded_at=timezone.now(),
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action="safety.plan_uploaded",
        target=plan,
        changes={"version": [latest, plan.version]},
        via=via,
    )
    return plan


MOST_MONTHS_BETWEEN_DRILLS = 24


@transaction.atomic
def drill_plan(
    *,
    hall: Hall,
    actor: User,
    title: str,
    day: datetime.date,
    every_months: int | None = None,
    via: str = "",
) -> Drill:
    """A drill for today or a day to come; with `every_months`, each one held plans the next."""
    require_permission(actor, SAFETY)
    title = required_text(title, length=100, missing=_("Give the drill a title."))
    check_date(day)
    if day < timezone.localdate():
        raise InvalidInput(_("A drill is planned for today or a day to come."))
    if every_months is not None and not 1 <= every_months <= MOST_MONTHS_BETWEEN_DRILLS:
        raise InvalidInput(
            _("A drill repeats every 1 to %(most)s months.") % {"most": MOST_MONTHS_BETWEEN_DRILLS}
        )
    return _drill_planned(hall, actor, title, day, every_months, via)


def _drill_planned(
    hall: Hall, actor: User, title: str, day: datetime.date, every: int | None, via: str
) -> Drill:
    drill = Drill.objects.create(hall=hall, title=title, planned_on=day, every_months=every)
    audit_record(
        actor=actor,
        action="safety.drill_planned",
        target=drill,
        changes={"planned_on": [None, str(day)], "every_months": [None, every]},
        via=via,
    )
    return drill


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later (the month's last day if it is shorter)."""
    first = add_months(day, months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


@transaction.atomic
def drill_held(
    *, drill: Drill, actor: User, participant_ids: Sequence[int], report: str, via: str = ""
) -> Drill:
    require_permission(actor, SAFETY)
    locked = Drill.objects.select_for_update().get(pk=drill.pk)
    if locked.held_on is not None:
        raise InvalidInput(_("This drill was already recorded as held."))
    today = timezone.localdate()
    locked.report = required_text(report, length=4000, missing=_("Write the drill's report."))
    locked.held_on = today
    locked.save(update_fields=["report", "held_on"])
    locked.participants.set(_colleagues(locked.hall, participant_ids))
    audit_record(
        actor=actor,
        action="safety.drill_held",
        target=locked,
        changes={"held_on": [None, str(today)]},
        via=via,
    )
    if locked.every_months:  # on a schedule: the next one, never on a day already past
        after = months_after(locked.planned_on, locked.every_months)
        if after <= today:
            after = months_after(today, locked.every_months)
        _drill_planned(locked.hall, actor, locked.title, after, locked.every_months, via)
    return locked


@transaction.atomic
def safety_check(
    *, item: SafetyItem, actor: User, ok: bool, note: str = "", via: str = ""
) -> SafetyCheck:
    """A check done today; one not in order needs a note of what is wrong."""
    require_permission(actor, "facilities.add_safetycheck")
    note = clean_text(note).strip()[:300]
    if not ok and not note:
        raise InvalidInput(_("Say what is not in order."))
    today = timezone.localdate()
    check = SafetyCheck.objects.create(
        item=item, checked_on=today, checked_by=actor, ok=ok, note=note
    )
    SafetyItem.objects.filter(pk=item.pk).update(last_checked_on=today)
    audit_record(
        actor=actor, action="safety.checked", target=check, changes={"ok": [None, ok]}, via=via
    )
    return check


@transaction.atomic
def incident_log(
    *,
    hall: Hall,
    actor: User,
    title: str,
    description: str = "",
    responsible_ids: Sequence[int],
    via: str = "",
) -> Incident:
    """Log an incident and tell each person responsible by SMS (through the outbox: sent
    once, after the log is committed)."""
    require_permission(actor, "facilities.add_incident")
    title = required_text(title, length=200, missing=_("Say what happened."))
    if not responsible_ids:
        raise InvalidInput(_("Name at least one person responsible."))
    people = _colleagues(hall, responsible_ids)
    incident = Incident.objects.create(
        hall=hall,
        occurred_at=timezone.now(),
        title=title,
        description=clean_text(description).strip()[:4000],
        logged_by=actor,
    )
    incident.responsible.set(people)
    outbox_tell(
        hall=hall,
        people=people,
        text=_("%(hall)s safety incident: %(title)s. Please attend to it.")
        % {"hall": hall.name, "title": title},
        dedupe_key=f"incident-{incident.pk}",
    )
    audit_record(
        actor=actor,
        action="safety.incident_logged",
        target=incident,
        changes={"responsible": [None, [p.pk for p in people]]},
        via=via,
    )
    return incident


# --- screens that say they are alive (F1) ----------------------------------------------------

SEEN_EVERY = datetime.timedelta(seconds=60)  # a heartbeat writes at most once a minute


def screen_seen(*, hall_id: int, key: str, now: datetime.datetime) -> int:
    """A screen's heartbeat: seen now, and no longer flagged. One UPDATE that touches no row
    when it was seen within the minute, so that hundreds of screens cost little."""
    return (
        Equipment.objects.filter(hall_id=hall_id, screen_key=key)
        .filter(
            Q(last_seen_at__isnull=True)
            | Q(last_seen_at__lt=now - SEEN_EVERY)
            | Q(lost_since__isnull=False)
        )
        .update(last_seen_at=now, lost_since=None)
    )


def screens_flag_silent(*, hall: Hall, now: datetime.datetime) -> int:
    """In opening hours, flag (once) each screen silent past the hall's limit and tell the
    office by SMS; returns how many were newly flagged. Outside opening hours screens may
    sleep."""
    if not is_open(hall, now):
        return 0
    settings = hall_settings(FacilitiesSettings, hall.pk)
    silent_since = now - datetime.timedelta(minutes=settings.screen_silence_minutes)
    unflagged = Equipment.objects.filter(hall=hall, lost_since__isnull=True)
    silent = (
        unflagged.exclude(screen_key="")
        .filter(Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=silent_since))
        .values_list("pk", "name")
    )
    flagged = 0
    for pk, name in silent:
        with transaction.atomic():
            if not unflagged.filter(pk=pk).update(lost_since=now):
                continue  # heard from meanwhile, or flagged by another process
            flagged += 1
            outbox_tell(
                hall=hall,
                people=hall_office(hall),
                text=_("%(hall)s: screen %(name)s has not been heard from since %(time)s.")
                % {"hall": hall.name, "name": name, "time": f"{timezone.localtime(now):%H:%M}"},
                dedupe_key=f"screen-silent-{pk}-{now:%Y%m%d%H%M%S}",
            )
    return flagged
