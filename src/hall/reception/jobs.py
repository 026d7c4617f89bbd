"""Reception's periodic work: visitors' personal data erased after the hall's period (X2)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hall.core.jobs import each_active_hall, periodic_job


def register() -> None:
    @periodic_job("reception.erase_personal_data", every=datetime.timedelta(hours=6))
    def erase_personal_data(now: datetime.datetime) -> str:
        from hall.reception.services import visitors_erase_personal_data

        today = timezone.localdate(now)
        erased = each_active_hall(lambda hall: visitors_erase_personal_data(hall=hall, today=today))
        return f"erased {erased}"
