"""What happens to rosters, for whoever listens (hall.core.events): attendance and
performance above it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hall.core.events import Event


@dataclass(frozen=True, kw_only=True)
class RosterApproved(Event):
    hall_id: int
    roster_id: int
    department_id: int
    month: datetime.date
