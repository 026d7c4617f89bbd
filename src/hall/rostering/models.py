"""Monthly rosters by half-day (S2), the windows that must be open (S3), and changes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.hours import Period, covers
from hall.core.models import Department, Hall, Window
from hall.rostering.choices import ChangeStatus, Post, RosterStatus


class RosterSettings(models.Model):
    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="roster_settings")
    max_consecutive_days = models.PositiveSmallIntegerField(
        _("most working days in a row"), default=6
    )

    class Meta:
        verbose_name = _("roster rules")
        verbose_name_plural = _("roster rules")

    def __str__(self) -> str:
        return str(self.hall)


class WindowRequirement(models.Model):
    """Who rosters a window and whether it must be open every opening half-day."""

    window = models.OneToOneField(Window, on_delete=models.CASCADE, related_name="requirement")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rostered by"),
        help_text=_("for a window shared by departments, or one that has none"),
    )
    must_open = models.BooleanField(_("must be open every opening half-day"), default=True)

    class Meta:
        verbose_name = _("window rostering rule")
        verbose_name_plural = _("window rostering rules")

    def __str__(self) -> str:
        return str(self.window)


class WindowClosure(models.Model):
    """The office closes a window for a half-day, with the reason: then no gap is reported."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    period = models.CharField(_("half-day"), max_length=2, choices=Period.choices)
    reason = models.CharField(_("reason"), max_length=200)
    # From the staffing advice (D3): replaced as a whole when the advice is applied again.
    advised = models.BooleanField(_("from the staffing advice"), default=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("window closure")
        verbose_name_plural = _("window closures")
        constraints = [
            models.UniqueConstraint(
                fields=["window", "date", "period"], name="window_closure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.date} {self.period}"


class Roster(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="rosters")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="rosters", verbose_name=_("department")
    )
    month = models.DateField(_("month"), help_text=_("its first day"))
    status = models.CharField(
        _("status"), max_length=10, choices=RosterStatus.choices, default=RosterStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comments = models.TextField(_("office comments"), blank=True)
    solver_stats = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        ordering = ["-month", "department"]
        constraints = [
            models.UniqueConstraint(fields=["department", "month"], name="roster_unique_month")
        ]
        permissions = [
            ("build_roster", _("Can build and submit the department's roster")),
            ("approve_roster", _("Can approve or return rosters and changes (office)")),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.month:%Y-%m}"

    def placed(self) -> models.QuerySet[Assignment]:
        """Its assignments; none for a month nobody has started yet (an unsaved draft)."""
        if self.pk is None:
            return Assignment.objects.none()
        return self.assignments.all()


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def in_force(self) -> AssignmentQuerySet:
        """Of approved rosters: what attendance, hand-overs and screens go by."""
        return self.filter(roster__status=RosterStatus.APPROVED)


class Assignment(models.Model):
    """One person at one window (or the backup post) for one half-day."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="assignments")
    date = models.DateField(_("date"))
    period = models.CharField(_("half-day"), max_length=2, choices=Period.choices)
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    post = models.CharField(_("post"), max_length=1, choices=Post.choices, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["date", "period", "window__number"]
        constraints = [
            # A person is in one place at a time; a window has one person at a time.
            models.UniqueConstraint(
                fields=["roster", "date", "period", "staff"], name="assignment_one_place"
            ),
            models.UniqueConstraint(
                fields=["roster", "date", "period", "window"],
                condition=Q(window__isnull=False),
                name="assignment_one_person_per_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.period} {self.window or '-'} {self.staff}"


class DayOffRequest(models.Model):
    """A day someone asks not to be rostered: a wish the proposal tries to grant."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_off_requests"
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("requested day off")
        verbose_name_plural = _("requested days off")
        constraints = [
            models.UniqueConstraint(fields=["staff", "date"], name="day_off_request_unique")
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.date}"


class RosterChange(models.Model):
    """调班: after approval, a change of who is at a window is requested and approved."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="changes")
    date = models.DateField(_("date"))
    period = models.CharField(_("half-day"), max_length=2, choices=Period.choices)
    window = models.ForeignKey(Window, on_delete=models.PROTECT, related_name="+")
    from_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.roster} {self.date} {self.period} {self.window}"


class HandoverReason(models.TextChoices):
    LEAVE = "leave", _("A post on approved leave")
    NOT_PUNCHED_IN = "no_punch", _("A post not punched in")


class Handover(models.Model):
    """B岗顶岗: the window's work passed from its A post to its B post for a half-day."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="handovers")
    date = models.DateField(_("date"))
    period = models.CharField(_("half-day"), max_length=2, choices=Period.choices)
    a_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    b_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=HandoverReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hand-over to the B post")
        verbose_name_plural = _("hand-overs to the B post")
        constraints = [
            models.UniqueConstraint(fields=["window", "date", "period"], name="handover_once")
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.date} {self.period}: {self.a_staff} → {self.b_staff}"


class Absence(models.Model):
    """Approved leave as the roster knows it: the half-days a person is away, with the kind
    of leave. Attendance decides leave; it tells the roster by an event (LeaveApproved), and
    the roster keeps this copy, so that proposals, hand edits and hand-overs never read
    attendance's records."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=20)
    start_date = models.DateField(_("from"))
    start_period = models.CharField(max_length=2, choices=Period.choices, default=Period.AM)
    end_date = models.DateField(_("to"))
    end_period = models.CharField(max_length=2, choices=Period.choices, default=Period.PM)
    leave_id = models.BigIntegerField(_("leave request"), unique=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        indexes = [models.Index(fields=["staff", "start_date"], name="absence_staff_idx")]

    def __str__(self) -> str:
        return f"{self.staff} {self.start_date}–{self.end_date}"

    def covers(self, day: datetime.date, period: str) -> bool:
        """Whether the half-day (`day`, `period`) falls within the absence."""
        return covers(
            self.start_date, self.start_period, self.end_date, self.end_period, day, period
        )
