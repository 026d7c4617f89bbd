"""A hall's planning rules: the service level the staffing advice aims at (D3)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hall.core.models import Hall


class PlanningSettings(models.Model):
    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="planning_settings")
    service_level = models.DecimalField(
        _("service level: share called in time"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.99"))],
    )
    answer_within_minutes = models.PositiveSmallIntegerField(
        _("service level: called within (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")
        permissions = [("plan_staffing", _("Can read the forecast and apply staffing advice"))]

    def __str__(self) -> str:
        return str(self.hall)
