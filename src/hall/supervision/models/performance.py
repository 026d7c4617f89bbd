"""Monthly scores (V5): the hall's rules, commendations and adjustments the office records,
the months it has locked (with the scores as they were), and staff's requests for a review."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.models import Hall, Window
from hall.supervision.choices import ReviewStatus, ScoreRule
from hall.supervision.models.inspections import STAFF_OR_WINDOW


class ScoreRuleSetting(models.Model):
    """A rule's points in a hall, where the office changed the default."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("rule"), max_length=14, choices=ScoreRule.choices)
    points = models.DecimalField(
        _("points"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(-50)), MaxValueValidator(Decimal(50))],
    )

    class Meta:
        verbose_name = _("score rule")
        verbose_name_plural = _("score rules")
        constraints = [
            models.UniqueConstraint(fields=["hall", "rule"], name="score_rule_once_per_hall")
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.points}"


class _AboutStaffOrWindow(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("window"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Commendation(_AboutStaffOrWindow):
    """A letter of thanks (表扬信) or a banner, recorded by the office."""

    received_on = models.DateField(_("received on"))
    source = models.CharField(_("from"), max_length=100)
    note = models.CharField(_("what for"), max_length=500)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=STAFF_OR_WINDOW, name="commendation_names_someone")
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.source}"


class ScoreAdjustment(_AboutStaffOrWindow):
    """A manual change to a month's score, only ever with its reason."""

    month = models.DateField(_("month"))  # its first day
    points = models.DecimalField(
        _("points"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(-50)), MaxValueValidator(Decimal(50))],
    )
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["month", "pk"]
        constraints = [
            models.CheckConstraint(condition=STAFF_OR_WINDOW, name="adjustment_names_someone")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.points}"


class LockedMonth(models.Model):
    """A month the office locked: its scores as they were then, every line with them."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    scores = models.JSONField()
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("locked month")
        verbose_name_plural = _("locked months")
        permissions = [
            ("manage_scores", _("Can record commendations, adjust scores and lock months")),
            ("view_scores", _("Can see everyone's scores")),
        ]
        constraints = [models.UniqueConstraint(fields=["hall", "month"], name="month_locked_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class ReviewRequest(models.Model):
    """A member of staff asks the office to look again at their month's score."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="score_reviews",
        verbose_name=_("staff member"),
    )
    text = models.CharField(_("what should be looked at again"), max_length=1000)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reply = models.CharField(_("reply"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score review request")
        verbose_name_plural = _("score review requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "month", "staff"],
                condition=Q(status=ReviewStatus.PENDING),
                name="one_pending_review_per_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.staff}"
