"""A hall's opening hours by half-day: when a morning or afternoon starts and ends, and which
half-day a moment belongs to. Rosters and attendance count in these half-days."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.core.calendar import is_workday
from hall.core.models import Hall


class Period(models.TextChoices):
    """A half-day: rosters, attendance and leave count in these."""

    AM = "am", _("Morning")
    PM = "pm", _("Afternoon")


AM, PM = Period.AM.value, Period.PM.value
PERIODS = (AM, PM)


def opening(
    hall: Hall, day: datetime.date, period: str
) -> tuple[datetime.datetime, datetime.datetime]:
    start, end = (
        (hall.morning_opens, hall.morning_closes)
        if period == AM
        else (hall.afternoon_opens, hall.afternoon_closes)
    )
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(day, start, tzinfo=zone),
        datetime.datetime.combine(day, end, tzinfo=zone),
    )


def day_span(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The local day as [start, end): a filter on it uses an index on the moment, where a
    `__date` lookup converts every row (the desk's "my day" read a year of history)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
    return start, end


def days_span(
    first: datetime.date, last: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of `first` to the end of `last`, local, as [start, end) (see day_span)."""
    return day_span(first)[0], day_span(last)[1]


def half_day_of(hall: Hall, moment: datetime.datetime) -> tuple[datetime.date, str]:
    """The morning until the lunch break is half over, the afternoon after."""
    local = timezone.localtime(moment)
    noon = datetime.datetime.combine(local.date(), hall.morning_closes, tzinfo=local.tzinfo)
    afternoon = datetime.datetime.combine(local.date(), hall.afternoon_opens, tzinfo=local.tzinfo)
    return local.date(), (AM if local < noon + (afternoon - noon) / 2 else PM)


def covers(
    start_date: datetime.date,
    start_period: str,
    end_date: datetime.date,
    end_period: str,
    day: datetime.date,
    period: str,
) -> bool:
    """Whether the half-day (`day`, `period`) falls within a span of half-days (a leave)."""
    start = (start_date, 0 if start_period == AM else 1)
    end = (end_date, 0 if end_period == AM else 1)
    return start <= (day, 0 if period == AM else 1) <= end


def is_open(hall: Hall, moment: datetime.datetime) -> bool:
    """Whether the hall is open at `moment`: a working day, within a half-day's hours."""
    day, period = half_day_of(hall, moment)
    start, end = opening(hall, day, period)
    return is_workday(day) and start <= moment < end
