"""The office's periodic work: 潮汐 alerts every half-minute (D4)."""

from __future__ import annotations

import datetime

from hall.core.jobs import periodic_job
from hall.core.models import Hall
from hall.reports.services import alerts_check


def register() -> None:
    @periodic_job("reports.tidal_alerts", every=datetime.timedelta(seconds=30))
    def tidal_alerts(now: datetime.datetime) -> str:
        raised = cleared = 0
        for hall in Hall.objects.filter(is_active=True, alert_rules__is_active=True).distinct():
            up, down = alerts_check(hall, now)
            raised, cleared = raised + up, cleared + down
        return f"{raised} raised, {cleared} cleared"
