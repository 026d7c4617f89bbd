"""Attendance's periodic work: B posts take over from A posts who have not punched in (S3)."""

from __future__ import annotations

import datetime

from hall.core.jobs import periodic_job


def register() -> None:
    @periodic_job("attendance.cover_missing_a_posts", every=datetime.timedelta(minutes=2))
    def cover(now: datetime.datetime) -> str:
        from hall.attendance.services import cover_missing_a_posts

        return f"handed over {cover_missing_a_posts(now)}"
