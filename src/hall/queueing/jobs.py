"""Periodic jobs of the queue: end of day (Q6)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.jobs import each_active_hall, periodic_job
from hall.core.models import Hall
from hall.queueing.choices import EndOfDayRule


def register() -> None:
    @periodic_job("queue.end_of_day", every=datetime.timedelta(minutes=5))
    def end_of_day(now: datetime.datetime) -> str:
        """After closing time, close the numbers left at windows, and what still waits where
        the hall closes it; on any later day, also what an earlier day left (a server that
        was off at closing time)."""
        from hall.queueing.selectors import queue_settings
        from hall.queueing.services import (
            tickets_close_for_the_day,
            tickets_keep_for_next_working_day,
        )

        local = timezone.localtime(now)
        closed = kept = 0
        for hall in Hall.objects.filter(is_active=True):
            rules = queue_settings(hall)
            after_closing = local.time() >= hall.afternoon_closes
            if (
                rules.in_emergency
            ):  # what waits from the days that are over (a server off at closing)
                over = local.date() - datetime.timedelta(days=0 if after_closing else 1)
                kept += tickets_keep_for_next_working_day(hall=hall, day=over)
            closed += tickets_close_for_the_day(
                hall=hall,
                reason=_("The hall closed for the day."),
                before=None if after_closing else local.date(),
                waiting=rules.end_of_day_rule == EndOfDayRule.CLOSE and not rules.in_emergency,
            )
        return f"closed {closed}, kept {kept}"

    @periodic_job("queue.summarise_days", every=datetime.timedelta(minutes=5))
    def summarise_days(now: datetime.datetime) -> str:
        """F3: sum the days that are over for the reports, two seconds a hall at a time (a
        busy hall's day takes 0.3 s, its year's backlog about four hours; until then the
        reports read the days not yet summed ticket by ticket)."""
        from hall.queueing.summaries import tickets_summarise

        today = timezone.localdate(now)
        budget = datetime.timedelta(seconds=2)
        days = each_active_hall(lambda hall: tickets_summarise(hall, today=today, budget=budget))
        return f"summed {days} days"

    @periodic_job("queue.erase_mobiles", every=datetime.timedelta(hours=6))
    def erase_mobiles(now: datetime.datetime) -> str:
        """X2: mobile numbers given with tickets are kept only as long as the hall says."""
        from hall.queueing.services import tickets_erase_mobiles

        today = timezone.localdate(now)
        erased = each_active_hall(lambda hall: tickets_erase_mobiles(hall=hall, today=today))
        return f"erased {erased}"
