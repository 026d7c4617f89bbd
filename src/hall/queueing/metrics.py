"""The queue's figures for `/metrics` (hall.core.metrics), read at each scrape: tickets
waiting per hall and business, and calls in the last minute per hall. Two grouped queries
whatever the number of halls."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from hall.core.metrics import metrics_source
from hall.queueing.choices import TicketEventKind, TicketStatus
from hall.queueing.models import Ticket, TicketEvent


@metrics_source
def queue_figures() -> Iterable[Metric]:
    waiting = GaugeMetricFamily(
        "hall_tickets_waiting",
        "Tickets waiting, per hall and business",
        labels=["hall", "category"],
    )
    for hall, category, n in (
        Ticket.objects.filter(status=TicketStatus.WAITING)
        .values_list("hall__code", "category__code")
        .annotate(n=Count("id"))
        .values_list("hall__code", "category__code", "n")
    ):
        waiting.add_metric([hall, category], n)
    yield waiting
    calls = GaugeMetricFamily(
        "hall_calls_last_minute", "Numbers called in the last minute, per hall", labels=["hall"]
    )
    since = timezone.now() - datetime.timedelta(minutes=1)
    for hall, n in (
        TicketEvent.objects.filter(kind=TicketEventKind.CALLED, at__gte=since)
        .values_list("hall__code")
        .annotate(n=Count("id"))
        .values_list("hall__code", "n")
    ):
        calls.add_metric([hall], n)
    yield calls
