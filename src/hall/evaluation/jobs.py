"""Periodic jobs of 好差评 (V2, V4): the one reminder to rate a concluded case, the warnings
of follow-ups due soon or overdue, complaints not answered in time escalated, and each
rating forwarded to the province's platform."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hall.core.jobs import periodic_job


def register() -> None:
    @periodic_job("evaluation.case_rating_reminders", every=datetime.timedelta(hours=1))
    def case_rating_reminders(now: datetime.datetime) -> str:
        from hall.evaluation.services import rating_reminders

        return f"queued {rating_reminders(now=now)}"

    @periodic_job("evaluation.follow_up_warnings", every=datetime.timedelta(hours=1))
    def follow_up_warnings(now: datetime.datetime) -> str:
        from hall.evaluation.services import follow_ups_warn

        return f"queued {follow_ups_warn(today=timezone.localdate(now))}"

    @periodic_job("evaluation.complaints_escalate", every=datetime.timedelta(hours=1))
    def complaints_escalate(now: datetime.datetime) -> str:
        from hall.evaluation.services import complaints_escalate

        return f"escalated {complaints_escalate(today=timezone.localdate(now))}"

    @periodic_job("evaluation.report_ratings", every=datetime.timedelta(minutes=1))
    def report_ratings(now: datetime.datetime) -> str:
        from hall.evaluation.reporting import ratings_report

        return f"reported {ratings_report()}"
