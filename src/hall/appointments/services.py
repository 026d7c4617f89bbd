"""Every write of appointments: book, change, cancel, check in, no-shows, reminders, lifting a
suspension. Each runs in one short transaction; a slot's place is taken by raising its tally
row only while it is below the capacity, so two people racing for the last place get one
booking and one `slot_full`, on both databases."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.appointments import selectors
from hall.appointments.choices import ACTIVE, AppointmentStatus, BookedBy, LateRule
from hall.appointments.errors import (
    AlreadyBooked,
    AppointmentClosed,
    AppointmentNotFound,
    BookingSuspended,
    DayClosed,
    NoSuchSlot,
    NothingToLift,
    NotToday,
    SlotFull,
    SlotPassed,
    TooEarly,
    TooLate,
)
from hall.appointments.events import AppointmentBooked, AppointmentCheckedIn
from hall.appointments.models import Appointment, BookingSuspension, SlotPool, SlotTally
from hall.appointments.selectors import CODE_LENGTH, Bookable
from hall.core import identifiers
from hall.core.audit import audit_record
from hall.core.errors import InvalidInput, ReasonRequired
from hall.core.events import emit
from hall.core.masking import mask_name
from hall.core.models import Hall, User
from hall.core.outbox import outbox_enqueue
from hall.queueing.choices import Channel
from hall.queueing.services import ticket_issue

NAME_LENGTH = 100


@dataclass(frozen=True)
class Applicant:
    """Who books: checked before anything is taken."""

    name: str
    id_number: str
    mobile: str

    @classmethod
    def checked(cls, *, name: str, id_number: str, mobile: str) -> Applicant:
        name = " ".join(name.split())
        if not name or len(name) > NAME_LENGTH:
            raise InvalidInput(_("Give the name as on the ID card (at most 100 characters)."))
        return cls(
            name=name,
            id_number=identifiers.validate_resident_id(id_number),
            mobile=identifiers.validate_mobile(mobile),
        )


def _local_now() -> datetime.datetime:
    return timezone.localtime(timezone.now())


def _slot(hall: Hall, pool: SlotPool, day: datetime.date, start: datetime.time) -> datetime.time:
    """The end of the slot starting at `start` on `day`, if a person may book it now."""
    now = _local_now()
    if not selectors.check_bookable_day(hall, day, now.date()):
        raise DayClosed(date=day.isoformat())
    ends = dict(selectors.slot_times(hall, pool.slot_minutes))
    if start not in ends:
        raise NoSuchSlot(start=start.strftime("%H:%M"))
    if day == now.date() and start <= now.time():
        raise SlotPassed(start=start.strftime("%H:%M"))
    return ends[start]


def _take_place(pool: SlotPool, day: datetime.date, start: datetime.time) -> None:
    """Raise the slot's tally if a place is left. The UPDATE locks the row and re-reads it, so
    concurrent bookings of the last place queue there and only one finds it free."""
    SlotTally.objects.bulk_create(
        [SlotTally(pool=pool, date=day, start=start)], ignore_conflicts=True
    )
    raised = SlotTally.objects.filter(
        pool=pool, date=day, start=start, taken__lt=pool.capacity
    ).update(taken=F("taken") + 1)
    if not raised:
        raise SlotFull(start=start.strftime("%H:%M"))


def _free_place(appointment: Appointment) -> None:
    SlotTally.objects.filter(
        pool_id=appointment.pool_id,
        date=appointment.date,
        start=appointment.start,
        taken__gt=0,
    ).update(taken=F("taken") - 1)


def _refuse_if_suspended(hall: Hall, id_number: str, today: datetime.date) -> None:
    suspension = selectors.active_suspension(hall, id_number, today)
    if suspension is not None:
        raise BookingSuspended(until=suspension.until.isoformat(), count=suspension.no_shows)


def _refuse_second_booking(
    hall: Hall, item_code: str, day: datetime.date, id_number: str, *, besides: int | None = None
) -> None:
    others = Appointment.objects.filter(
        hall=hall,
        service_item__code=item_code,
        date=day,
        status__in=ACTIVE,
        applicant_id_number__matches=id_number,
    )
    other = (others.exclude(pk=besides) if besides else others).first()
    if other is not None:
        raise AlreadyBooked(code=other.code)


def _tell(appointment: Appointment, text: str, key: str) -> None:
    if not appointment.mobile:
        return  # erased with the rest of the person's data
    outbox_enqueue(
        hall=appointment.hall,
        mobile=appointment.mobile.plaintext,
        text=text,
        dedupe_key=f"appointment-{appointment.pk}-{key}",
    )


def _reminders_due_already(appointment: Appointment) -> None:
    """A booking made after a reminder's moment is not reminded of what it was just told."""
    rules = selectors.appointment_settings(appointment.hall)
    now = _local_now()
    starts = appointment.starts_at()
    evening = datetime.datetime.combine(
        appointment.date - datetime.timedelta(days=1), rules.remind_day_before_at, tzinfo=now.tzinfo
    )
    appointment.reminded_day_before = now >= evening
    appointment.reminded_soon = now >= starts - datetime.timedelta(
        minutes=rules.remind_minutes_before
    )


def _when(appointment: Appointment) -> str:
    return f"{appointment.date:%m月%d日} {appointment.start:%H:%M}-{appointment.end:%H:%M}"


def appointment_book(
    *,
    hall: Hall,
    item: Bookable,
    day: datetime.date,
    start: datetime.time,
    applicant: Applicant,
    actor: User | None = None,
    via: str = "",
) -> Appointment:
    """Book a place (A1): one per person, service item and day; never past the capacity.

    What needs no lock is checked before the write transaction opens (on SQLite it holds the
    database's one writer lock): the transaction only takes the place and writes."""
    _refuse_if_suspended(hall, applicant.id_number, timezone.localdate())
    end = _slot(hall, item.pool, day, start)
    _refuse_second_booking(hall, item.code, day, applicant.id_number)
    appointment = Appointment(
        hall=hall,
        code=identifiers.spoken_code(CODE_LENGTH),
        pool=item.pool,
        service_item_id=item.service_item_id,
        date=day,
        start=start,
        end=end,
        booked_by=BookedBy.STAFF if actor else BookedBy.ONLINE,
        staff=actor,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_id_tail=applicant.id_number[-4:],
        mobile=applicant.mobile,
    )
    _reminders_due_already(appointment)
    confirmation = _(
        "%(hall)s: booked %(item)s on %(when)s, code %(code)s. Check in at the kiosk "
        "from %(before)s minutes before."
    ) % {
        "hall": hall.name,
        "item": item.name,
        "when": _when(appointment),
        "code": appointment.code,
        "before": selectors.appointment_settings(hall).check_in_before_minutes,
    }
    with transaction.atomic():
        _take_place(item.pool, day, start)
        try:
            with transaction.atomic():  # the same person from two phones at the same instant
                appointment.save(force_insert=True)
        except IntegrityError:
            _refuse_second_booking(hall, item.code, day, applicant.id_number)
            raise
        _tell(appointment, confirmation, "booked")
        audit_record(
            actor=actor,
            action="appointment.book",
            target=appointment,
            changes={
                "slot": [None, _when(appointment)],
                "name": [None, mask_name(applicant.name)],
            },
            via=via,
        )
        emit(AppointmentBooked(hall_id=hall.pk, appointment_id=appointment.pk, date=day))
    return appointment


def _refuse_unless_booked(appointment: Appointment) -> None:
    if appointment.status != AppointmentStatus.BOOKED:
        raise AppointmentClosed(status=appointment.get_status_display())


@transaction.atomic
def appointment_cancel(
    *, code: str, id_last4: str, actor: User | None = None, via: str = ""
) -> Appointment:
    """Cancel (A2): the place is free again at once."""
    appointment = selectors.own_appointment(code, id_last4, lock=True)
    _refuse_unless_booked(appointment)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.changed_at = timezone.now()
    appointment.save(update_fields=["status", "changed_at"])
    _free_place(appointment)
    audit_record(
        actor=actor,
        action="appointment.cancel",
        target=appointment,
        changes={"status": [AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED]},
        via=via,
    )
    _tell(
        appointment,
        _("%(hall)s: your booking %(code)s on %(when)s is cancelled.")
        % {"hall": appointment.hall.name, "code": appointment.code, "when": _when(appointment)},
        "cancelled",
    )
    return appointment


@transaction.atomic
def appointment_change(
    *,
    code: str,
    id_last4: str,
    day: datetime.date,
    start: datetime.time,
    actor: User | None = None,
    via: str = "",
) -> Appointment:
    """Move a booking to another slot of the same pool: the new place is taken before the
    old one is freed, so a full slot leaves the booking as it was."""
    appointment = selectors.own_appointment(code, id_last4, lock=True)
    _refuse_unless_booked(appointment)
    if (appointment.date, appointment.start) == (day, start):
        return appointment
    hall, pool = appointment.hall, appointment.pool
    end = _slot(hall, pool, day, start)
    _refuse_second_booking(
        hall,
        appointment.service_item.code,
        day,
        appointment.applicant_id_number.plaintext,
        besides=appointment.pk,
    )
    _take_place(pool, day, start)
    _free_place(appointment)
    before = _when(appointment)
    appointment.date, appointment.start, appointment.end = day, start, end
    appointment.changed_at = timezone.now()
    _reminders_due_already(appointment)
    appointment.save()
    audit_record(
        actor=actor,
        action="appointment.change",
        target=appointment,
        changes={"slot": [before, _when(appointment)]},
        via=via,
    )
    _tell(
        appointment,
        _("%(hall)s: your booking %(code)s is moved to %(when)s.")
        % {"hall": hall.name, "code": appointment.code, "when": _when(appointment)},
        f"changed-{appointment.changed_at.timestamp():.0f}",
    )
    return appointment


@dataclass(frozen=True)
class CheckIn:
    appointment: Appointment  # its ticket None: came too late where the hall gives none
    late: bool


def _find_for_check_in(
    hall: Hall, code: str, id_number: str, now: datetime.datetime
) -> Appointment:
    """The booking a person checks in with, locked: by its code, or by the ID number among
    today's (the current slot's first, else the next one)."""
    rows = Appointment.objects.select_for_update(of=("self",)).select_related("pool__category")
    if code:
        code = selectors.normalize_code(code)
        found = rows.filter(hall=hall, code=code).first() if code else None
    else:
        id_number = identifiers.validate_resident_id(id_number)
        today = list(
            rows.filter(
                hall=hall,
                date=now.date(),
                status=AppointmentStatus.BOOKED,
                applicant_id_number__matches=id_number,
            ).order_by("start")
        )
        found = next((a for a in today if a.end > now.time()), today[-1] if today else None)
        if found is None:
            found = rows.filter(
                hall=hall, date=now.date(), applicant_id_number__matches=id_number
            ).first()
    if found is None:
        raise AppointmentNotFound()
    return found


@transaction.atomic
def appointment_check_in(
    *, hall: Hall, code: str = "", id_number: str = "", actor: User | None = None, via: str = ""
) -> CheckIn:
    """Turn a booking into a ticket (A2): on time, with the hall's appointment priority; late,
    an ordinary ticket or none as the hall says; once."""
    now = _local_now()
    appointment = _find_for_check_in(hall, code, id_number, now)
    if appointment.status == AppointmentStatus.CHECKED_IN:
        raise AppointmentClosed(status=appointment.get_status_display())
    _refuse_unless_booked(appointment)
    if appointment.date != now.date():
        raise NotToday(date=appointment.date.isoformat())
    rules = selectors.appointment_settings(hall)
    opens, closes = _check_in_window(appointment)
    if now < opens:
        raise TooEarly(start=f"{appointment.start:%H:%M}", opens=f"{opens:%H:%M}")
    late = now > closes
    ticket = None
    if not late:
        ticket = ticket_issue(
            hall=hall,
            category_code=appointment.pool.category.code,
            channel=Channel.APPOINTMENT,
            priority_code=rules.priority.code if rules.priority else None,
            actor=actor,
            via=via,
        )
    elif rules.late_rule == LateRule.ORDINARY_TICKET:
        ticket = ticket_issue(
            hall=hall,
            category_code=appointment.pool.category.code,
            channel=Channel.KIOSK,
            actor=actor,
            via=via,
        )
    appointment.status = AppointmentStatus.LATE if late else AppointmentStatus.CHECKED_IN
    appointment.checked_in_at = now
    appointment.ticket = ticket
    appointment.save(update_fields=["status", "checked_in_at", "ticket"])
    audit_record(
        actor=actor,
        action="appointment.check_in",
        target=appointment,
        changes={
            "status": [AppointmentStatus.BOOKED, appointment.status],
            "ticket": [None, ticket.number if ticket else None],
        },
        via=via,
    )
    emit(
        AppointmentCheckedIn(
            hall_id=hall.pk,
            appointment_id=appointment.pk,
            ticket_id=ticket.pk if ticket else None,
            late=late,
        )
    )
    return CheckIn(appointment, late)


def _check_in_window(appointment: Appointment) -> tuple[datetime.datetime, datetime.datetime]:
    """When check-in for the booking opens and closes (the hall's minutes around its start)."""
    rules = selectors.appointment_settings(appointment.hall)
    starts = appointment.starts_at()
    return (
        starts - datetime.timedelta(minutes=rules.check_in_before_minutes),
        starts + datetime.timedelta(minutes=rules.check_in_after_minutes),
    )


def late_without_ticket(check_in: CheckIn) -> TooLate:
    """What a page or the API tells a person who came too late where no ticket is given."""
    _opens, closes = _check_in_window(check_in.appointment)
    return TooLate(start=f"{check_in.appointment.start:%H:%M}", closed=f"{closes:%H:%M}")


# --- the periodic jobs' work ----------------------------------------------------------------

BATCH = 500  # a job run's bounded share; the next run takes the rest


def appointments_mark_no_shows(*, now: datetime.datetime) -> int:
    """A booking not checked in by the end of its slot is a no-show (A3); the hall's rule
    (3 in 30 days) suspends that person's booking. Each booking in its own transaction."""
    local = timezone.localtime(now)
    overdue = list(
        Appointment.objects.filter(status=AppointmentStatus.BOOKED)
        .filter(Q(date__lt=local.date()) | Q(date=local.date(), end__lte=local.time()))
        .values_list("pk", flat=True)[:BATCH]
    )
    marked = 0
    for pk in overdue:
        with transaction.atomic():
            appointment = (
                Appointment.objects.select_for_update()
                .filter(pk=pk, status=AppointmentStatus.BOOKED)
                .select_related("hall")
                .first()
            )
            if appointment is None:
                continue  # checked in or cancelled meanwhile
            appointment.status = AppointmentStatus.NO_SHOW
            appointment.save(update_fields=["status"])
            audit_record(
                actor=None,
                action="appointment.no_show",
                target=appointment,
                changes={"status": [AppointmentStatus.BOOKED, AppointmentStatus.NO_SHOW]},
                via="job",
            )
            _suspend_if_repeated(appointment, local.date())
            marked += 1
    return marked


def _suspend_if_repeated(appointment: Appointment, today: datetime.date) -> None:
    hall = appointment.hall
    rules = selectors.appointment_settings(hall)
    person = appointment.applicant_id_digest
    earlier = BookingSuspension.objects.filter(hall=hall, applicant_id_digest=person)
    if earlier.filter(lifted_at__isnull=True, until__gte=today).exists():
        return
    since = today - datetime.timedelta(days=rules.no_show_days)
    last = earlier.order_by("-starts_on").first()
    if last is not None:  # no-shows already answered by a suspension count once
        since = max(since, last.starts_on)
    count = Appointment.objects.filter(
        hall=hall,
        applicant_id_digest=person,
        status=AppointmentStatus.NO_SHOW,
        date__gt=since,
    ).count()
    if count < rules.no_shows_to_suspend:
        return
    suspension = BookingSuspension.objects.create(
        hall=hall,
        applicant_id_digest=person,
        applicant_name=appointment.applicant_name,
        no_shows=count,
        starts_on=today,
        until=today + datetime.timedelta(days=rules.suspension_days),
    )
    audit_record(
        actor=None,
        action="appointment.suspend",
        target=suspension,
        hall=hall,
        changes={"until": [None, suspension.until.isoformat()], "no_shows": [None, count]},
        via="job",
    )
    _tell(
        appointment,
        _(
            "%(hall)s: after %(count)s missed appointments, booking is suspended until "
            "%(until)s. You can still take a number at the hall."
        )
        % {"hall": hall.name, "count": count, "until": suspension.until.isoformat()},
        f"suspended-{suspension.pk}",
    )


@transaction.atomic
def suspension_lift(
    *, suspension: BookingSuspension, actor: User, reason: str, via: str = ""
) -> BookingSuspension:
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    locked = BookingSuspension.objects.select_for_update().get(pk=suspension.pk)
    if locked.lifted_at is not None or locked.until < timezone.localdate():
        raise NothingToLift()
    locked.lifted_at = timezone.now()
    locked.lifted_by = actor
    locked.lift_reason = reason[:200]
    locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        actor=actor,
        action="appointment.lift_suspension",
        target=locked,
        hall=locked.hall,
        changes={"until": [locked.until.isoformat(), None]},
        reason=reason,
        via=via,
    )
    return locked


def appointments_remind(*, now: datetime.datetime) -> int:
    """The reminders (A2): the day before at the hall's hour, and a set time before the slot;
    each once (a flag set in the same transaction as the message, and the outbox's key)."""
    local = timezone.localtime(now)
    sent = 0
    for hall in Hall.objects.filter(is_active=True):
        rules = selectors.appointment_settings(hall)
        booked = Appointment.objects.filter(hall=hall, status=AppointmentStatus.BOOKED)
        if local.time() >= rules.remind_day_before_at:
            tomorrow = booked.filter(
                date=local.date() + datetime.timedelta(days=1), reminded_day_before=False
            )
            sent += _remind(tomorrow, "reminded_day_before", _day_before_text)
        soon = local + datetime.timedelta(minutes=rules.remind_minutes_before)
        upcoming = booked.filter(
            date=local.date(),
            start__gt=local.time(),
            start__lte=soon.time() if soon.date() == local.date() else datetime.time.max,
            reminded_soon=False,
        )
        sent += _remind(upcoming, "reminded_soon", _soon_text)
    return sent


def _day_before_text(appointment: Appointment) -> str:
    return _("%(hall)s reminds you: %(item)s tomorrow %(when)s, booking code %(code)s.") % {
        "hall": appointment.hall.name,
        "item": appointment.service_item.current.name,  # type: ignore[union-attr]  # a booked item has a version
        "when": _when(appointment),
        "code": appointment.code,
    }


def _soon_text(appointment: Appointment) -> str:
    return _(
        "%(hall)s: your appointment is at %(start)s today (code %(code)s). Check in at the "
        "kiosk when you arrive."
    ) % {
        "hall": appointment.hall.name,
        "start": f"{appointment.start:%H:%M}",
        "code": appointment.code,
    }


def _remind(rows: QuerySet[Appointment], flag: str, text: Callable[[Appointment], str]) -> int:
    sent = 0
    for appointment in list(rows.select_related("hall", "service_item__current")[:BATCH]):
        with transaction.atomic():
            if not Appointment.objects.filter(pk=appointment.pk, **{flag: False}).update(
                **{flag: True}
            ):
                continue  # another runner took it
            _tell(appointment, text(appointment), flag)
            sent += 1
    return sent


def appointments_erase_personal_data(*, hall: Hall, today: datetime.date) -> int:
    """X2: a booking's ID number, mobile and full name go once the hall's period after its
    day is over (never before no-shows stop counting); the booking stays for statistics, its
    name masked. Returns how many were erased (one audit record)."""
    rules = selectors.appointment_settings(hall)
    days = max(rules.personal_data_days, rules.no_show_days)
    expired = Appointment.objects.filter(
        hall=hall, date__lt=today - datetime.timedelta(days=days)
    ).exclude(applicant_id_digest="")
    with transaction.atomic():
        erased = expired.update(
            applicant_id_number="",
            applicant_id_digest="",
            applicant_id_tail="",
            mobile="",
            applicant_name=Concat(Substr("applicant_name", 1, 1), Value("**")),
        )
        if erased:
            audit_record(
                actor=None,
                action="appointment.personal_data_erased",
                hall=hall,
                changes={"appointments": [None, erased], "kept_days": [None, days]},
                via="job",
            )
    return erased
