"""Metrics for Prometheus (X5), in its text format at `/metrics`.

What a process counts as it works (requests by route and status with their latency, live
connections) is kept by the client library; under `hall serve --workers N` every process
writes it to files in PROMETHEUS_MULTIPROC_DIR (set by `hall serve`) and a scrape adds them
up, whichever process answers. What the database knows (tickets waiting per hall and
business, calls in the last minute, the outbox, the periodic jobs) is read once per scrape
from the sources the apps register, as the dashboard's checks are: core shows what apps above
count without importing them.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from hall.core.ratelimit import client_address

# Read once, as the client library reads it when it is imported: the two must agree.
MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Histogram(
    "hall_http_request_duration_seconds",
    "HTTP requests by route, method and status, and how long they took",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LIVE_CONNECTIONS = Gauge(
    "hall_live_connections",
    "WebSocket connections open, by kind of screen",
    ["kind"],
    multiprocess_mode="livesum",
)

COLLECTOR_PAUSES = Histogram(
    "hall_gc_pause_seconds",
    "How long the garbage collector stopped a server process, by generation collected",
    ["generation"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)

Source = Callable[[], Iterable[Metric]]
_sources: list[Source] = []


def metrics_source(source: Source) -> Source:
    """Register a function yielding metric families read from the database at each scrape."""
    _sources.append(source)
    return source


class _Sources(Collector):
    def collect(self) -> Iterable[Metric]:
        for source in _sources:
            yield from source()


def may_scrape(request: HttpRequest) -> bool:
    """The settings' token as a bearer, or an address among the allowed ones."""
    token = settings.HALL_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    for text in settings.HALL_METRICS_ALLOW:
        try:
            if address in ipaddress.ip_network(text, strict=False):
                return True
        except ValueError:
            continue  # a typo in the settings admits nobody rather than failing every scrape
    return False


def exposition() -> bytes:
    """The text a scrape reads: the processes' own figures, then the database's."""
    if MULTIPROCESS:
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    database = CollectorRegistry(auto_describe=False)
    database.register(_Sources())
    return generate_latest(processes) + generate_latest(database)
