"""Every write of supervision (V1), each in one short transaction with its audit."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core import calendar
from hall.core.audit import audit_record
from hall.core.errors import InvalidInput
from hall.core.inputs import check_image, clean_text, required_text
from hall.core.models import Department, Hall, User, Window, Zone
from hall.core.outbox import outbox_tell
from hall.core.roles import Role
from hall.core.selectors import hall_people
from hall.supervision import selectors
from hall.supervision.choices import FindingStatus, InspectionKind
from hall.supervision.errors import (
    CheckedBySomeoneElse,
    FindingNeedsSomeone,
    FindingWrongState,
    InspectionFinished,
    TooManyPhotos,
)
from hall.supervision.models import Finding, FindingPhoto, Inspection

MOST_PHOTOS = 6
NOTE_LENGTH = 500


def check_names_someone(hall: Hall, staff: User | None, window: Window | None) -> None:
    """A finding, commendation or adjustment names a member of staff and/or a window of the
    hall."""
    if staff is None and window is None:
        raise FindingNeedsSomeone()
    if (staff is not None and staff.hall_id != hall.pk) or (
        window is not None and window.hall_id != hall.pk
    ):
        raise InvalidInput()


@transaction.atomic
def inspection_start(
    *,
    actor: User,
    hall: Hall,
    kind: InspectionKind = InspectionKind.INSPECTION,
    zone: Zone | None = None,
    department: Department | None = None,
    windows: Sequence[Window] = (),
    via: str = "",
) -> Inspection:
    """A spot inspection of the hall, a zone or chosen windows, or a head's self-inspection
    of a department."""
    for place in (zone, department, *windows):
        if place is not None and place.hall_id != hall.pk:
            raise InvalidInput()
    inspection = Inspection.objects.create(
        hall=hall, kind=kind, zone=zone, department=department, inspector=actor
    )
    inspection.windows.set(windows)
    audit_record(
        actor=actor,
        action="supervision.inspection_started",
        target=inspection,
        hall=hall,
        changes={"kind": [None, kind]},
        via=via,
    )
    return inspection


def finding_record(
    *,
    actor: User,
    inspection: Inspection,
    point: str,
    staff: User | None,
    window: Window | None,
    note: str,
    photos: list[UploadedFile],
    via: str = "",
) -> Finding:
    """A finding against a member of staff and/or a window, with photos (checked before any is
    stored), to be rectified within the hall's working days."""
    hall = inspection.hall
    check_names_someone(hall, staff, window)
    point = clean_text(point).strip()[:100]
    if point not in selectors.points_of(hall):
        raise InvalidInput(_("Choose a point of the hall's checklist."))
    note = required_text(note, length=NOTE_LENGTH, missing=_("Say what was found."))
    if len(photos) > MOST_PHOTOS:
        raise TooManyPhotos(most=MOST_PHOTOS)
    for photo in photos:
        check_image(photo, FindingPhoto._meta.get_field("image").validators)
    days = selectors.supervision_settings(hall).rectify_working_days
    due = calendar.add_working_days(timezone.localdate(), days).date
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.finished_at is not None:
            raise InspectionFinished()
        finding = Finding.objects.create(
            inspection=locked,
            hall=hall,
            point=point,
            staff=staff,
            window=window,
            department=_department_of(staff, window),
            note=note,
            rectify_due=due,
        )
        for photo in photos:
            FindingPhoto.objects.create(finding=finding, image=photo)
        audit_record(
            actor=actor,
            action="supervision.finding_recorded",
            target=finding,
            hall=hall,
            changes={"point": [None, point], "photos": [None, len(photos)]},
            via=via,
        )
    return finding


def _department_of(staff: User | None, window: Window | None) -> Department | None:
    """Whose head rectifies it: the person's department, else the window's (one each)."""
    if staff is not None:
        department = staff.departments.first()
        if department is not None:
            return department
    return window.departments.first() if window is not None else None


@transaction.atomic
def inspection_finish(
    *, actor: User, inspection: Inspection, note: str, via: str = ""
) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.finished_at is not None:
        raise InspectionFinished()
    locked.finished_at = timezone.now()
    locked.note = clean_text(note).strip()[:1000]
    locked.save(update_fields=["finished_at", "note"])
    audit_record(
        actor=actor,
        action="supervision.inspection_finished",
        target=locked,
        hall=locked.hall,
        changes={"findings": [None, locked.findings.count()]},
        via=via,
    )
    return locked


def _lock(finding: Finding, status: FindingStatus) -> Finding:
    locked = (
        Finding.objects.select_for_update(of=("self",)).select_related("hall").get(pk=finding.pk)
    )
    if locked.status != status:
        raise FindingWrongState(status=locked.get_status_display())
    return locked


@transaction.atomic
def finding_rectified(*, actor: User, finding: Finding, note: str, via: str = "") -> Finding:
    """The department says what was done; someone else checks it."""
    locked = _lock(finding, FindingStatus.OPEN)
    locked.rectification_note = required_text(
        note, length=NOTE_LENGTH, missing=_("Say what was done.")
    )
    locked.rectified_at = timezone.now()
    locked.rectified_by = actor
    locked.status = FindingStatus.RECTIFIED
    locked.save(update_fields=["rectification_note", "rectified_at", "rectified_by", "status"])
    audit_record(
        actor=actor,
        action="supervision.finding_rectified",
        target=locked,
        hall=locked.hall,
        changes={"status": [FindingStatus.OPEN, FindingStatus.RECTIFIED]},
        via=via,
    )
    return locked


@transaction.atomic
def finding_checked(*, actor: User, finding: Finding, done: bool, via: str = "") -> Finding:
    """The check that the rectification was done, by someone other than whoever did it or
    was found; not done sends it back to be rectified."""
    locked = _lock(finding, FindingStatus.RECTIFIED)
    if actor.pk in (locked.rectified_by_id, locked.staff_id):
        raise CheckedBySomeoneElse()
    locked.status = FindingStatus.CHECKED if done else FindingStatus.OPEN
    locked.checked_by = actor if done else None
    locked.checked_at = timezone.now() if done else None
    locked.save(update_fields=["status", "checked_by", "checked_at"])
    audit_record(
        actor=actor,
        action="supervision.finding_checked",
        target=locked,
        hall=locked.hall,
        changes={"status": [FindingStatus.RECTIFIED, locked.status]},
        via=via,
    )
    return locked


def weeks_warn(*, today: datetime.date) -> int:
    """On the last working day of a week with no spot inspection of a hall yet, its office
    and leadership are told by SMS, once (每周不少于一次抽查); answers how many were queued."""
    if selectors.last_working_day_of_week(today) != today:
        return 0
    monday, _sunday = selectors.week_of(today)
    inspected = Inspection.objects.filter(
        kind=InspectionKind.INSPECTION, started_at__date__gte=monday
    ).values("hall")
    queued = 0
    for hall in Hall.objects.filter(is_active=True).exclude(pk__in=inspected):
        people = hall_people(hall, Role.HALL_ADMIN, Role.LEADERSHIP).exclude(mobile_digest="")
        with transaction.atomic():
            queued += outbox_tell(
                hall=hall,
                people=people,
                text=_("%(hall)s: no spot inspection this week (%(monday)s) yet.")
                % {"hall": hall.name, "monday": monday.isoformat()},
                dedupe_key=f"week-not-inspected-{hall.pk}-{monday}",
            )
    return queued
