"""What happens to appointments, for whoever listens (hall.core.events): the dashboard's
"appointments checked in" (D1), the reports (F3)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hall.core.events import Event


@dataclass(frozen=True, kw_only=True)
class AppointmentBooked(Event):
    hall_id: int
    appointment_id: int
    date: datetime.date


@dataclass(frozen=True, kw_only=True)
class AppointmentCheckedIn(Event):
    """Checked in on time (a priority ticket) or late (an ordinary ticket or none)."""

    hall_id: int
    appointment_id: int
    ticket_id: int | None
    late: bool
