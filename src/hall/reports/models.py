"""潮汐 alerts (D4): the office's rules, and each episode in which one held."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.models import Hall
from hall.reports.choices import AlertKind


class AlertRule(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="alert_rules")
    kind = models.CharField(_("when"), max_length=14, choices=AlertKind.choices)
    # A line's rules name its business; none: any business (or any window, for pauses).
    category = models.ForeignKey(
        "queueing.TicketCategory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("business"),
    )
    threshold = models.PositiveSmallIntegerField(
        _("threshold"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("潮汐 alert rule")
        verbose_name_plural = _("潮汐 alert rules")
        ordering = ["hall", "kind", "threshold"]
        permissions = [("view_dashboard", _("Can read the hall's live figures and alerts"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.threshold}"


class Alert(models.Model):
    """One episode: raised when its rule began to hold, cleared when it stopped."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    raised_at = models.DateTimeField(_("raised at"))
    value = models.PositiveIntegerField(_("when raised"))
    subject = models.CharField(_("about"), max_length=100)  # the business or the window
    suggestion = models.CharField(_("suggestion"), max_length=300, blank=True)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("what was done"), max_length=300, blank=True)
    acted_at = models.DateTimeField(_("done at"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("潮汐 alert")
        verbose_name_plural = _("潮汐 alerts")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject"],
                condition=Q(cleared_at__isnull=True),
                name="one_open_alert_per_rule_and_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.subject}"
