"""Run inside the year benchmark's database (bench.year): time the dashboard and the reports,
read ticket by ticket and then from the day summaries. Prints a line per figure, and last
the figures as JSON."""

from __future__ import annotations

import datetime
import json
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from hall.core.models import Hall, User  # noqa: E402
from hall.core.periods import period_span  # noqa: E402
from hall.queueing.models import Ticket, TicketDay, TicketSummaryMark  # noqa: E402
from hall.queueing.summaries import ticket_figures, tickets_summarise  # noqa: E402
from hall.reports.figures import BY, report  # noqa: E402
from hall.reports.now import hall_now  # noqa: E402

figures: dict = {}


def timed(label: str, key: str, work: Callable[[], object], runs: int = 3) -> float:
    """The median of `runs` (the first included: a report is mostly read once)."""
    seconds = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(runs):
            started = time.perf_counter()
            work()
            seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    per_run = len(queries.captured_queries) // runs
    print(f"[postgresql] {label:<52} {median:>7.3f} s  {per_run:>3} queries", flush=True)
    figures[key] = {"seconds": round(median, 3), "queries": per_run}
    return median


def main() -> None:
    hall = Hall.objects.get(code="demo")
    today = timezone.localdate()
    tickets = Ticket.objects.filter(hall=hall).count()
    print(f"[postgresql] a year of one hall: {tickets} tickets", flush=True)
    figures["tickets"] = tickets
    last_month = period_span("month", today.replace(day=1) - datetime.timedelta(days=1))
    periods = {
        "month": last_month,
        "quarter": period_span("quarter", today),
        "year": period_span("year", today),
    }
    timed("dashboard (hall now, today's raw tickets)", "dashboard", lambda: hall_now(hall), 5)

    # Read ticket by ticket: no day summed.
    TicketDay.objects.filter(hall=hall).delete()
    TicketSummaryMark.objects.filter(hall=hall).delete()
    for kind in ("month", "year"):
        timed(
            f"tickets of a {kind}, read ticket by ticket",
            f"raw.{kind}",
            lambda kind=kind: ticket_figures(hall, *periods[kind], "hall"),
            1,
        )
    started = time.perf_counter()
    days = tickets_summarise(hall, today=today)
    spent = time.perf_counter() - started
    print(f"[postgresql] {'summing the year (' + str(days) + ' days)':<52} {spent:>7.3f} s")
    figures["summarise"] = {"days": days, "seconds": round(spent, 1)}
    figures["summary_rows"] = TicketDay.objects.filter(hall=hall).count()

    for kind, (first, last) in periods.items():
        for by in BY:
            timed(
                f"report {kind} {first}–{last} by {by}",
                f"report.{kind}.{by}",
                lambda first=first, last=last, by=by: report(hall, first, last, by, today=today),
            )
    office = Client()
    office.force_login(User.objects.get(username="guanli"))
    first, last = periods["year"]
    for form in ("page", "xlsx", "pdf"):
        query = f"?by=department&from={first}&to={last}"
        query += "" if form == "page" else f"&format={form}"
        timed(
            f"the year's report by department as {form}",
            f"view.year.{form}",
            lambda query=query: office.get(f"/reports/{hall.code}/{query}"),
            1 if form == "pdf" else 3,
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
