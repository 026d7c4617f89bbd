"""Appointments (A1–A3): places in a hall's time slots, booked, checked in or missed.

A `SlotPool` (号源) is what the office sets: which service items share its places, how long a
slot lasts, how many places each slot has, and the ticket category a check-in gets. A slot's
places taken are counted in one `SlotTally` row per pool, day and start, raised only while it
is below the capacity (`hall.appointments.services`): that row is what two people racing for
the last place contend for, and it never goes past the capacity.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.appointments.choices import ACTIVE, AppointmentStatus, BookedBy, LateRule
from hall.core.masking import mask_name
from hall.core.models import Hall
from hall.core.pii import DigestField, MobileField, ResidentIdField

SLOT_MINUTES = [(15, "15"), (20, "20"), (30, "30"), (60, "60")]


class AppointmentSettings(models.Model):
    """A hall's booking rules (A1–A3), each with the common value as its default."""

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="appointment_settings")
    horizon_working_days = models.PositiveSmallIntegerField(
        _("bookable working days ahead"), default=7
    )
    priority = models.ForeignKey(
        "queueing.PriorityClass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("priority of a booked ticket"),
        help_text=_("Its head start puts a person who comes on time ahead of walk-ins."),
    )
    check_in_before_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before the slot)"), default=15
    )
    check_in_after_minutes = models.PositiveSmallIntegerField(
        _("check-in closes (minutes after the slot starts)"), default=10
    )
    late_rule = models.CharField(
        _("a person who comes later"),
        max_length=10,
        choices=LateRule.choices,
        default=LateRule.ORDINARY_TICKET,
    )
    remind_day_before_at = models.TimeField(
        _("reminder the day before, at"), default=datetime.time(16, 0)
    )
    remind_minutes_before = models.PositiveSmallIntegerField(
        _("reminder before the slot (minutes)"), default=60
    )
    no_shows_to_suspend = models.PositiveSmallIntegerField(
        _("no-shows that suspend booking"), default=3
    )
    no_show_days = models.PositiveSmallIntegerField(_("counted over (days)"), default=30)
    suspension_days = models.PositiveSmallIntegerField(_("suspended for (days)"), default=30)
    anonymous_bookings_per_minute = models.PositiveSmallIntegerField(
        _("bookings per minute from one anonymous client"), default=6
    )
    personal_data_days = models.PositiveSmallIntegerField(
        _("keep the ID number, mobile and name of a booking for (days after it)"),
        default=30,
        help_text=_(
            "Personal data (X2): erased afterwards, the booking kept for statistics. At least "
            "as long as no-shows are counted over."
        ),
    )

    class Meta:
        verbose_name = _("appointment settings")
        verbose_name_plural = _("appointment settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_working_days__gte=1, horizon_working_days__lte=60),
                name="appointment_horizon_bounded",
                violation_error_message=_("Bookable days ahead: between 1 and 60."),
            ),
            models.CheckConstraint(
                condition=Q(no_shows_to_suspend__gte=1),
                name="appointment_no_show_rule_positive",
                violation_error_message=_("At least one no-show must count."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.hall)


class SlotPool(models.Model):
    """Places per time slot shared by one or more service items (号源): one item alone, or the
    items a group of windows serves."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="slot_pools")
    name = models.CharField(_("name"), max_length=60)
    category = models.ForeignKey(
        "queueing.TicketCategory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ticket category at check-in"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places per slot"), default=4, help_text=_("0 closes the pool to new bookings.")
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), choices=SLOT_MINUTES, default=30
    )
    is_active = models.BooleanField(_("open for booking"), default=True)

    class Meta:
        verbose_name = _("slot pool")
        verbose_name_plural = _("slot pools")
        ordering = ["hall", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__lte=500),
                name="slot_pool_capacity_bounded",
                violation_error_message=_("At most 500 places per slot."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PoolItem(models.Model):
    """A bookable service item and the pool whose places it takes (one pool per item)."""

    pool = models.ForeignKey(SlotPool, on_delete=models.CASCADE, related_name="items")
    service_item = models.OneToOneField(
        "catalog.ServiceItem",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("service item"),
    )

    class Meta:
        verbose_name = _("bookable service item")
        verbose_name_plural = _("bookable service items")

    def __str__(self) -> str:
        return str(self.service_item)


class SlotTally(models.Model):
    """Places taken in one slot of a pool: raised under its row lock while below capacity."""

    pool = models.ForeignKey(SlotPool, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    start = models.TimeField()
    taken = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pool", "date", "start"], name="slot_tally_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pool_id} {self.date} {self.start}: {self.taken}"


class Appointment(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="appointments")
    code = models.CharField(_("booking code"), max_length=12, unique=True)
    pool = models.ForeignKey(SlotPool, on_delete=models.PROTECT, related_name="appointments")
    service_item = models.ForeignKey(
        "catalog.ServiceItem",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service item"),
    )
    date = models.DateField(_("date"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    booked_by = models.CharField(
        _("booked"), max_length=8, choices=BookedBy.choices, default=BookedBy.ONLINE
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by staff member"),
    )
    applicant_name = models.CharField(_("name"), max_length=100)
    applicant_id_number = ResidentIdField(_("ID number"), blank=True)  # erased after a while
    applicant_id_digest = DigestField(source="applicant_id_number")
    applicant_id_tail = models.CharField(max_length=4, editable=False)
    mobile = MobileField(_("mobile"), blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    # Which reminders went (A2): the job skips these; the outbox's key is the second guard.
    reminded_day_before = models.BooleanField(default=False, editable=False)
    reminded_soon = models.BooleanField(default=False, editable=False)
    ticket = models.OneToOneField(
        "queueing.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment",
        verbose_name=_("ticket"),
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["date", "start", "pk"]
        constraints = [
            # One active booking per person, service item and day (A1): a second one, even
            # from two phones at the same instant, fails here.
            models.UniqueConstraint(
                fields=["hall", "service_item", "date", "applicant_id_digest"],
                condition=Q(status__in=ACTIVE),
                name="appointment_one_active_per_person_item_day",
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")),
                name="appointment_slot_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["hall", "date", "start"], name="appointment_day_idx"),
            # The no-show job and the reminders read only what is still booked.
            models.Index(
                fields=["date", "end"],
                condition=Q(status=AppointmentStatus.BOOKED),
                name="appointment_booked_idx",
            ),
        ]
        permissions = [
            ("book_for_caller", _("Can book for someone who phones in")),
            ("lift_suspension", _("Can lift a booking suspension")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {mask_name(self.applicant_name)}"

    def starts_at(self) -> datetime.datetime:
        """The slot's start as a moment in the hall's time zone."""
        zone = timezone.get_current_timezone()
        return datetime.datetime.combine(self.date, self.start, tzinfo=zone)


class BookingSuspension(models.Model):
    """Booking refused to a person (by ID number) until a date, after repeated no-shows (A3)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    applicant_id_digest = models.CharField(max_length=64, db_index=True)
    applicant_name = models.CharField(_("name"), max_length=100)
    no_shows = models.PositiveSmallIntegerField(_("no-shows counted"))
    starts_on = models.DateField(_("from"))
    until = models.DateField(_("until"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lift_reason = models.CharField(_("reason for lifting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("booking suspension")
        verbose_name_plural = _("booking suspensions")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return f"{mask_name(self.applicant_name)} → {self.until}"
