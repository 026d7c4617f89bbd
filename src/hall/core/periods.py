"""Reporting periods: the day, week (Monday–Sunday), month, quarter or year a day falls in.
Figures, scores, awards and reports all count in these."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from hall.core.inputs import add_months


class PeriodKind(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def period_span(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period of `kind` that `day` falls in."""
    kind = PeriodKind(kind)
    if kind == PeriodKind.DAY:
        return day, day
    if kind == PeriodKind.WEEK:
        monday = day - datetime.timedelta(days=day.weekday())
        return monday, monday + datetime.timedelta(days=6)
    months = MONTHS[kind]
    first_month = 1 if months == 12 else (day.month - 1) // months * months + 1
    first = day.replace(month=first_month, day=1)
    return first, add_months(first, months) - datetime.timedelta(days=1)
