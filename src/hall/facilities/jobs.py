"""The equipment's periodic work: screens silent in opening hours are flagged (F1)."""

from __future__ import annotations

import datetime

from hall.core.jobs import each_active_hall, periodic_job


def register() -> None:
    @periodic_job("facilities.silent_screens", every=datetime.timedelta(seconds=30))
    def silent_screens(now: datetime.datetime) -> str:
        from hall.facilities.services import screens_flag_silent

        flagged = each_active_hall(lambda hall: screens_flag_silent(hall=hall, now=now))
        return f"{flagged} flagged"
