"""The cases' periodic work: deemed acceptance (C1), deadline warnings (C3), erasure (C6)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hall.core.jobs import periodic_job


def register() -> None:
    @periodic_job("cases.deem_accepted", every=datetime.timedelta(minutes=10))
    def deem_accepted(now: datetime.datetime) -> str:
        from hall.cases.services import cases_deem_accepted

        return f"accepted {cases_deem_accepted(timezone.localdate(now))}"

    @periodic_job("cases.warn", every=datetime.timedelta(minutes=10))
    def warn(now: datetime.datetime) -> str:
        from hall.cases.services import cases_warn

        return f"queued {cases_warn(timezone.localdate(now))}"

    @periodic_job("cases.erase_expired", every=datetime.timedelta(hours=1))
    def erase_expired(now: datetime.datetime) -> str:
        from hall.cases.services import cases_erase_expired

        return f"erased {cases_erase_expired(timezone.localdate(now))}"
