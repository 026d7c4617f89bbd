"""好差评 (V2): one rating per service given, and the follow-up a bad one opens.

A `Rating` belongs to the ticket it rates (one each: a unique column, so a pad and a phone
tapping at the same instant store one) and to whoever served it, at which window, for which
department. A 差评 opens a `FollowUp` at once: a call back and a rectification, each with a
due date in working days of the hall calendar.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.models import Department, Hall, Window
from hall.core.pii import MobileField
from hall.evaluation.choices import (
    AppealStatus,
    Finding,
    FollowUpStatus,
    Level,
    RatingChannel,
    default_tags,
)


class EvaluationSettings(models.Model):
    """A hall's 好差评 rules, each with the common value as its default."""

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="evaluation_settings")
    tags = models.JSONField(
        _("tags offered per level"),
        default=default_tags,
        help_text=_('By level, 5 the best: {"1": ["态度不好", …], …}'),
    )
    callback_working_days = models.PositiveSmallIntegerField(
        _("call back a bad rating within (working days)"), default=1
    )
    rectify_working_days = models.PositiveSmallIntegerField(
        _("rectify within (working days)"), default=15
    )
    appeal_working_days = models.PositiveSmallIntegerField(
        _("staff may appeal a rating within (working days)"), default=5
    )

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")

    def __str__(self) -> str:
        return str(self.hall)


class Rating(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="ratings")
    ticket = models.OneToOneField(
        "queueing.Ticket",
        on_delete=models.PROTECT,
        related_name="rating",
        verbose_name=_("ticket"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    # Given with a 差评 for the call back (a named rating is called back, V2).
    contact_mobile = MobileField(_("mobile for the call back"), blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=RatingChannel.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("staff member rated"),
    )
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)
    # An upheld appeal keeps the rating on record but out of the person's figures (V2).
    counted = models.BooleanField(_("counted in the figures"), default=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="rating_level_one_to_five"
            )
        ]
        indexes = [models.Index(fields=["hall", "created_at"], name="rating_hall_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def is_bad(self) -> bool:
        return self.level <= Level.DISSATISFIED


class FollowUp(models.Model):
    """The loop a 差评 opens: call back, classify, rectify, tell the person (V2)."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="follow_up")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.CALL_BACK,
    )
    callback_due = models.DateField(_("call back by"))
    rectify_due = models.DateField(_("rectify by"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    finding = models.CharField(
        _("finding"), max_length=14, choices=Finding.choices, default="", blank=True
    )
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    callback_note = models.CharField(_("what the call back found"), max_length=500, blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectification_note = models.CharField(_("what was done"), max_length=500, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("follow-up of a bad rating")
        verbose_name_plural = _("follow-ups of bad ratings")
        ordering = ["callback_due", "pk"]
        indexes = [
            models.Index(
                fields=["hall", "callback_due"],
                condition=~Q(status=FollowUpStatus.CLOSED),
                name="follow_up_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating} → {self.get_status_display()}"


class Appeal(models.Model):
    """申诉复核: the member of staff rated asks the office to take a mistaken or malicious
    rating out of their figures; one appeal per rating."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="appeal")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("appealed by"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("appealed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at"]
        permissions = [("decide_appeal", _("Can decide appeals against ratings"))]

    def __str__(self) -> str:
        return f"{self.rating} · {self.get_status_display()}"
