"""Attendance and leave (S5). Leave comes first: the roster solver respects approved leave."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hall.core.hours import Period, covers


class LeaveKind(models.TextChoices):
    OFFICIAL = "official", _("Official business (公假)")
    PERSONAL = "personal", _("Personal leave (事假)")
    SICK = "sick", _("Sick leave (病假)")
    OUTING = "outing", _("Short absence (临时外出)")
    VACATION = "vacation", _("Annual leave (休假)")


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class DecidedOnTheLadder(models.Model):
    """A request the hall's approval ladder decides (leave, 补卡): when asked, by whom and
    when decided (hall.attendance.services._decide)."""

    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class LeaveRequest(DecidedOnTheLadder):
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leave_requests"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LeaveKind.choices)
    start_date = models.DateField(_("from"))
    start_period = models.CharField(max_length=2, choices=Period.choices, default=Period.AM)
    end_date = models.DateField(_("to"))
    end_period = models.CharField(max_length=2, choices=Period.choices, default=Period.PM)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING
    )

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_date"]
        permissions = [
            ("approve_leave", _("Can approve short leave in own departments")),
            ("approve_any_leave", _("Can approve any leave in the hall (office)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="leave_ends_after_it_starts",
                violation_error_message=_("The leave cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_kind_display()} {self.start_date}–{self.end_date}"

    def covers(self, day: datetime.date, period: str) -> bool:
        """Whether the half-day (`day`, `period`) falls within this leave."""
        return covers(
            self.start_date, self.start_period, self.end_date, self.end_period, day, period
        )


class MissingPunchOutRule(models.TextChoices):
    EARLY_LEAVE = "early_leave", _("As leaving early (half a day of 旷工)")
    RECORD_ONLY = "record_only", _("Recorded only")


class AttendanceSettings(models.Model):
    """The hall's attendance rules (S5)."""

    hall = models.OneToOneField(
        "core.Hall", on_delete=models.CASCADE, related_name="attendance_settings"
    )
    absence_threshold_minutes = models.PositiveSmallIntegerField(
        _("late or early by more than this counts as half a day of absence (minutes)"),
        default=15,
    )
    missing_punch_out = models.CharField(
        _("a missing punch-out counts"),
        max_length=12,
        choices=MissingPunchOutRule.choices,
        default=MissingPunchOutRule.EARLY_LEAVE,
        help_text=_("unless a 补卡 request for it is approved"),
    )
    correction_days = models.PositiveSmallIntegerField(
        _("a forgotten punch may be asked for within (days)"), default=7
    )
    cover_after_minutes = models.PositiveSmallIntegerField(
        _("B post takes over when A has not punched in this long after opening (minutes)"),
        default=10,
    )
    longest_leave_days = models.PositiveSmallIntegerField(
        _("longest leave request (calendar days)"),
        default=366,
        help_text=_("A longer absence is asked for in parts."),
    )
    leave_days_first_level = models.DecimalField(
        _("leave up to this many days is approved in the department"),
        max_digits=4,
        decimal_places=1,
        default=1,
        help_text=_("by the chief representative or the department head; longer by the office"),
    )

    class Meta:
        verbose_name = _("attendance rules")
        verbose_name_plural = _("attendance rules")

    def __str__(self) -> str:
        return str(self.hall)


class PunchKind(models.TextChoices):
    IN = "in", _("In")
    OUT = "out", _("Out")


class Punch(models.Model):
    """One of the four punches of a day (morning and afternoon, in and out)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="punches"
    )
    at = models.DateTimeField(_("at"))
    date = models.DateField(_("date"))
    period = models.CharField(_("half-day"), max_length=2, choices=Period.choices)
    kind = models.CharField(_("punch"), max_length=3, choices=PunchKind.choices)
    source = models.CharField(_("source"), max_length=20, default="web")

    class Meta:
        verbose_name = _("punch")
        verbose_name_plural = _("punches")
        ordering = ["at"]
        constraints = [
            # The first "in" and the last "out" count; one row each keeps it simple to read.
            models.UniqueConstraint(
                fields=["staff", "date", "period", "kind"], name="punch_once_per_half_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.date} {self.period} {self.kind}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned")


class PunchCorrection(DecidedOnTheLadder):
    """补卡: a forgotten punch asked for afterwards, with a reason, decided on the leave ladder."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="punch_corrections"
    )
    date = models.DateField(_("date"))
    period = models.CharField(_("half-day"), max_length=2, choices=Period.choices)
    kind = models.CharField(_("punch"), max_length=3, choices=PunchKind.choices)
    at = models.DateTimeField(_("at"), help_text=_("when the person says they came or left"))
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
    )

    class Meta:
        verbose_name = _("punch correction (补卡)")
        verbose_name_plural = _("punch corrections (补卡)")
        ordering = ["-date", "-requested_at"]

    def __str__(self) -> str:
        return f"{self.staff} {self.date} {self.period} {self.kind}"
