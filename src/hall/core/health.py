"""Health (X5): is the server alive, and is it ready to serve? `/healthz` answers as long as
the process does; `/readyz` checks what serving needs — the database, Redis when configured,
the periodic jobs keeping time, the outbox draining, free disk — and answers 503 with the
failing checks named when any is not, so that a load balancer or a monitor can act."""

from __future__ import annotations

import datetime
import math
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric

from hall.core.jobs import REGISTRY
from hall.core.metrics import metrics_source
from hall.core.models import JobRun, OutboxMessage, OutboxStatus

JOBS_LATE_AFTER = datetime.timedelta(minutes=5)  # past their due time: the runner is stuck
OUTBOX_LATE_AFTER = datetime.timedelta(minutes=15)  # a pending text this old: the gateway fails
LEAST_FREE_BYTES = 1024**3  # under 1 GiB free a backup or an upload may fail half-way


@dataclass
class Check:
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as failure:  # whatever the driver raises, the answer is "not ready"
        return Check(False, {"error": type(failure).__name__})
    return Check(True, {"vendor": connection.vendor})


def redis_failure(url: str) -> str | None:
    """Why the Redis at `url` does not answer (the error's name), or None when it does."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as failure:
        return type(failure).__name__
    return None


def _redis() -> Check | None:
    if not settings.REDIS_URL:
        return None
    failure = redis_failure(settings.REDIS_URL)
    return Check(failure is None, {"error": failure} if failure else {})


def job_lags(now: datetime.datetime) -> dict[str, float]:
    """How many seconds each registered job is past its due time (0 when not due yet,
    infinity when it never ran)."""
    return {name: lag for name, (lag, _failed) in _job_runs(now).items()}


def _job_runs(now: datetime.datetime) -> dict[str, tuple[float, bool]]:
    """Each registered job's lag and whether its last run failed, in one query."""
    runs = {
        name: (due, succeeded)
        for name, due, succeeded in JobRun.objects.filter(name__in=list(REGISTRY)).values_list(
            "name", "next_due_at", "last_succeeded"
        )
    }
    states = {}
    for name in sorted(REGISTRY):
        due, succeeded = runs.get(name, (None, None))
        lag = max((now - due).total_seconds(), 0.0) if due else math.inf
        states[name] = (lag, succeeded is False)
    return states


def _jobs(now: datetime.datetime) -> Check:
    runs = _job_runs(now)
    late = [name for name, (lag, _f) in runs.items() if lag > JOBS_LATE_AFTER.total_seconds()]
    failing = [name for name, (_lag, failed) in runs.items() if failed]
    worst = max((lag for lag, _f in runs.values() if lag != math.inf), default=0.0)
    return Check(not late, {"lag_seconds": round(worst), "late": late, "failing": failing})


def _outbox(now: datetime.datetime) -> Check:
    figures = OutboxMessage.objects.aggregate(
        pending=Count("pk", filter=Q(status=OutboxStatus.PENDING)),
        oldest=Min("created_at", filter=Q(status=OutboxStatus.PENDING)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
    )
    oldest = figures["oldest"]
    age = (now - oldest).total_seconds() if oldest else 0.0
    detail = {
        "pending": figures["pending"],
        "oldest_seconds": round(age),
        "failed": figures["failed"],
    }
    return Check(age <= OUTBOX_LATE_AFTER.total_seconds(), detail)


def _disk() -> Check:
    usage = shutil.disk_usage(settings.DATA_DIR)
    return Check(usage.free >= LEAST_FREE_BYTES, {"free_bytes": usage.free})


def readiness() -> tuple[bool, dict[str, Any]]:
    """Every check with its figures; ready when all are ok."""
    now = timezone.now()
    checks = {"database": _database()}
    if checks["database"].ok:
        checks["jobs"] = _jobs(now)
        checks["outbox"] = _outbox(now)
    redis_check = _redis()
    if redis_check is not None:
        checks["redis"] = redis_check
    checks["disk"] = _disk()
    ready = all(check.ok for check in checks.values())
    return ready, {name: asdict(check) for name, check in checks.items()}


@metrics_source
def health_figures() -> Iterable[Metric]:
    """The outbox and the periodic jobs, as `/readyz` reads them, for `/metrics`."""
    now = timezone.now()
    outbox = _outbox(now).detail
    for name, text, value in (
        ("hall_outbox_pending", "Text messages waiting to be sent", outbox["pending"]),
        ("hall_outbox_oldest_pending_seconds", "Age of the oldest one", outbox["oldest_seconds"]),
        ("hall_outbox_failed", "Text messages given up after their attempts", outbox["failed"]),
    ):
        yield GaugeMetricFamily(name, text, value=value)
    lag = GaugeMetricFamily(
        "hall_job_lag_seconds", "How far a periodic job is past its due time", labels=["job"]
    )
    for name, seconds in job_lags(now).items():
        lag.add_metric([name], seconds)
    yield lag
