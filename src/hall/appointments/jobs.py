"""Periodic jobs of appointments: no-shows and suspensions (A3), reminders (A2)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hall.core.jobs import each_active_hall, periodic_job


def register() -> None:
    @periodic_job("appointments.no_shows", every=datetime.timedelta(minutes=5))
    def no_shows(now: datetime.datetime) -> str:
        from hall.appointments.services import appointments_mark_no_shows

        return f"marked {appointments_mark_no_shows(now=now)}"

    @periodic_job("appointments.remind", every=datetime.timedelta(minutes=5))
    def remind(now: datetime.datetime) -> str:
        from hall.appointments.services import appointments_remind

        return f"queued {appointments_remind(now=now)}"

    @periodic_job("appointments.erase_personal_data", every=datetime.timedelta(hours=6))
    def erase_personal_data(now: datetime.datetime) -> str:
        from hall.appointments.services import appointments_erase_personal_data

        today = timezone.localdate(now)
        erased = each_active_hall(
            lambda hall: appointments_erase_personal_data(hall=hall, today=today)
        )
        return f"erased {erased}"
