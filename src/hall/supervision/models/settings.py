"""A hall's rules for supervision: the inspection checklist, the monthly score's bounds and
the awards' places and weights (V1, V5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hall.core.models import Hall

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise
from hall.supervision.choices import DEFAULT_POINTS


def default_points() -> list[str]:
    return list(DEFAULT_POINTS)


def _weight(label: StrPromise, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MaxValueValidator(100)]
    )


class SupervisionSettings(models.Model):
    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="supervision_settings")
    points = models.JSONField(
        _("checklist"), default=default_points, help_text=_("What an inspection looks at.")
    )
    rectify_working_days = models.PositiveSmallIntegerField(
        _("rectify a finding within (working days)"), default=5
    )
    score_base = models.PositiveSmallIntegerField(_("monthly score: base"), default=100)
    score_cap = models.PositiveSmallIntegerField(_("monthly score: at most"), default=110)
    # The award's four parts (window efficiency, the monthly scores, the votes): 30/30/20/20.
    weight_efficiency = _weight(_("award weight: efficiency"), 30)
    weight_assessment = _weight(_("award weight: monthly scores"), 30)
    weight_duty_vote = _weight(_("award weight: duty officers' vote"), 20)
    weight_public_vote = _weight(_("award weight: public vote"), 20)
    red_flags_month = models.PositiveSmallIntegerField(
        _("红旗窗口 a month"), default=5, validators=[MinValueValidator(1)]
    )
    red_flags_quarter = models.PositiveSmallIntegerField(
        _("红旗窗口 a quarter"), default=2, validators=[MinValueValidator(1)]
    )
    red_flags_year = models.PositiveSmallIntegerField(
        _("红旗窗口 a year"), default=1, validators=[MinValueValidator(1)]
    )
    stars_quarter = models.PositiveSmallIntegerField(
        _("服务标兵 a quarter"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("supervision settings")
        verbose_name_plural = _("supervision settings")

    def __str__(self) -> str:
        return str(self.hall)

    @property
    def weights(self) -> dict[str, int]:
        return {
            "efficiency": self.weight_efficiency,
            "assessment": self.weight_assessment,
            "duty_vote": self.weight_duty_vote,
            "public_vote": self.weight_public_vote,
        }
