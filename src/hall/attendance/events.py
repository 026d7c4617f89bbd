"""What happens in attendance, for whoever listens (hall.core.events): the roster hands a
window over to its B post, and keeps its own copy of approved leave."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hall.core.events import Event


@dataclass(frozen=True, kw_only=True)
class LeaveApproved(Event):
    leave_id: int
    hall_id: int
    staff_id: int
    kind: str
    start_date: datetime.date
    start_period: str
    end_date: datetime.date
    end_period: str


@dataclass(frozen=True, kw_only=True)
class PunchMissing(Event):
    """An A post has not punched in a while after the half-day opened, at their window."""

    hall_id: int
    staff_id: int
    window_id: int
    day: datetime.date
    period: str
