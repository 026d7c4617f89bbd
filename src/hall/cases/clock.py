"""The legal clock of a case (C1, C3): every date rule about cases lives here.

Limits are in working days of the hall calendar (行政许可法 §82), the starting day not
counted (期间开始之日不计算在内). Working days spent waiting for corrections during
processing do not count; an extension adds working days up to the legal maximum.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hall.core import calendar

NOTICE_WORKING_DAYS = 5  # 行政许可法 §32: the one-time notice within five days, or accepted


def notice_deadline(materials_arrived_on: datetime.date) -> datetime.date:
    """The last day to decide or to send the correction notice."""
    return calendar.add_working_days(materials_arrived_on, NOTICE_WORKING_DAYS).date


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]: those a stop from `start` to `end` takes off the clock."""
    if end <= start:
        return 0
    working_days = calendar.load(start + datetime.timedelta(days=1), end)
    return sum(
        working_days.is_workday(start + datetime.timedelta(days=offset))
        for offset in range(1, (end - start).days + 1)
    )


@dataclass(frozen=True)
class Due:
    date: datetime.date
    unconfirmed_years: tuple[int, ...]


def due_date(
    *, accepted_on: datetime.date, limit_days: int, extension_days: int, paused_days: int
) -> Due:
    answer = calendar.add_working_days(accepted_on, limit_days + extension_days + paused_days)
    return Due(answer.date, answer.unconfirmed_years)


def working_days_left(due: datetime.date, today: datetime.date) -> int:
    """How many working days remain until `due` (0 on the due date, negative when late)."""
    if today > due:
        return -working_days_between(due, today)
    return working_days_between(today, due)
