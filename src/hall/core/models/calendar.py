from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hall.core.choices import CalendarDayKind, CalendarSource


class CalendarYear(models.Model):
    """A year of the working-day calendar (O4) and whether its holidays are confirmed.

    A year with no confirmed row falls back to Monday-Friday and is flagged as unconfirmed.
    """

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    is_confirmed = models.BooleanField(_("confirmed"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=CalendarSource.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to Monday-Friday: a holiday (法定节假日) or a make-up workday (调休)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
