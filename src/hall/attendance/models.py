"""Attendance and leave (S5). Leave comes first: the roster solver respects approved leave."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hall.rostering.choices import Period


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


class LeaveRequest(models.Model):
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
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_date"]
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
        start = (self.start_date, 0 if self.start_period == Period.AM else 1)
        end = (self.end_date, 0 if self.end_period == Period.AM else 1)
        return start <= (day, 0 if period == Period.AM else 1) <= end
