"""Periodic jobs of supervision: the weekly rule's SMS on a week's last working day."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hall.core.jobs import periodic_job


def register() -> None:
    @periodic_job("supervision.weeks_warn", every=datetime.timedelta(hours=1))
    def weeks_warn(now: datetime.datetime) -> str:
        from hall.supervision.services import weeks_warn

        return f"queued {weeks_warn(today=timezone.localdate(now))}"
