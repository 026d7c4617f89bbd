"""X5: /healthz answers while the process does; /readyz names what fails (the database,
Redis, periodic jobs late, the outbox not draining, the disk) with 503; /metrics, for a
scraper with the token or from an allowed address, counts requests by route and status and
reads the queue, the outbox and the jobs from the database; every request has an id, on the
response and on its log lines."""

from __future__ import annotations

import asyncio
import datetime
import gc
import json
import logging
import time

import pytest
import requests
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.utils import timezone
from prometheus_client import REGISTRY

from hall.asgi import LONG_PAUSE_SECONDS, CollectorPauses, CountedConnections, settle_memory
from hall.core import health
from hall.core.jobs import run_due_jobs
from hall.core.logs import JsonLines, RequestId, reset_request_id, set_request_id
from hall.core.metrics import LIVE_CONNECTIONS
from hall.core.models import OutboxMessage
from hall.queueing import services
from hall.queueing.choices import Channel
from hall.routing import websocket_urlpatterns
from tests.queueing.test_consumers import run
from tests.servers import hall_server

pytestmark = pytest.mark.django_db


def failing(client) -> set[str]:
    answer = client.get("/readyz")
    body = answer.json()
    assert (answer.status_code == 200) == (body["status"] == "ok")
    return {name for name, check in body["checks"].items() if not check["ok"]}


def test_alive_and_ready_once_the_jobs_have_run(client, settings):
    settings.REDIS_URL = ""
    assert client.get("/healthz").json() == {"status": "ok"}
    assert failing(client) == {"jobs"}  # never ran: no runner (`hall serve` or `hall tick`)
    run_due_jobs()
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("max-age=0")
    checks = answer.json()["checks"]
    assert checks["database"]["ok"] and checks["outbox"]["detail"]["pending"] == 0
    assert checks["disk"]["detail"]["free_bytes"] > 0


def test_each_fault_is_named(client, settings, monkeypatch):
    settings.REDIS_URL = ""
    run_due_jobs()
    # The outbox does not drain: a text pending for 20 minutes.
    message = OutboxMessage.objects.create(recipient="13900000001", body="x", dedupe_key="k")
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    assert failing(client) == {"outbox"}
    OutboxMessage.objects.all().delete()
    # The jobs stopped: due ten minutes ago.
    later = timezone.now() + datetime.timedelta(minutes=30)
    monkeypatch.setattr(health.timezone, "now", lambda: later)
    assert "jobs" in failing(client)
    monkeypatch.undo()
    settings.REDIS_URL = ""
    # Little disk left, Redis away, the database away.
    monkeypatch.setattr(health, "LEAST_FREE_BYTES", 10**18)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert failing(client) == {"disk", "redis"}

    class NoDatabase:
        def cursor(self):
            raise OperationalError("gone")

    monkeypatch.setattr(health, "connection", NoDatabase())
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"] == {
        "ok": False,
        "detail": {"error": "OperationalError"},
    }


def test_metrics_for_the_scraper_only(client, settings, qhall):
    run_due_jobs()
    tickets = [
        services.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        for _ in range(2)
    ]
    client.get(f"/t/{tickets[0].follow_token}")
    services.ticket_call_next(window=qhall.windows[1], actor=None)
    client.get("/healthz")
    text = client.get("/metrics").content.decode()  # from 127.0.0.1, allowed by default
    assert (
        'hall_http_request_duration_seconds_count{method="GET",route="healthz",status="200"}'
        in text
    )
    assert 'hall_tickets_waiting{category="household",hall="q"} 1.0' in text
    assert 'hall_calls_last_minute{hall="q"} 1.0' in text
    assert (
        "hall_outbox_pending 0.0" in text and 'hall_job_lag_seconds{job="outbox.deliver"}' in text
    )
    assert 'route="t/<str:token>"' in text
    assert tickets[0].follow_token not in text  # routes, never paths

    settings.HALL_METRICS_ALLOW = ["10.0.0.0/8", "not an address"]
    settings.HALL_METRICS_TOKEN = "s3cret-token-for-the-scraper"
    assert client.get("/metrics").status_code == 403
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 403
    right = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token-for-the-scraper"})
    assert right.status_code == 200 and right["Content-Type"].startswith("text/plain")


@pytest.mark.django_db(transaction=True)
def test_live_connections_are_counted_by_kind(qhall):
    application = CountedConnections(URLRouter(websocket_urlpatterns))
    boards = LIVE_CONNECTIONS.labels("board")
    before = boards._value.get()

    async def scenario() -> None:
        screen = WebsocketCommunicator(application, "/ws/board/q/")
        assert (await screen.connect())[0]
        assert boards._value.get() == before + 1
        await screen.disconnect()

    run(scenario)
    assert boards._value.get() == before


def test_every_request_has_an_id_on_its_answer_and_its_log_lines(client):
    given = client.get("/healthz", headers={"X-Request-ID": "nginx-4f1c2a9b"})
    assert given["X-Request-ID"] == "nginx-4f1c2a9b"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith a line"})
    assert len(made["X-Request-ID"]) == 32 and "\n" not in made["X-Request-ID"]

    token = set_request_id("abc12345")
    try:
        record = logging.LogRecord("hall.x", logging.WARNING, __file__, 1, "did %s", ("it",), None)
        RequestId().filter(record)
    finally:
        reset_request_id(token)
    line = json.loads(JsonLines().format(record))
    assert line | {"time": ""} == {
        "time": "", "level": "WARNING", "logger": "hall.x", "request_id": "abc12345",
        "message": "did it",
    }  # fmt: skip


def test_the_server_will_not_start_without_its_redis(settings):
    settings.REDIS_URL = "redis://:secret@127.0.0.1:1/0"
    with pytest.raises(CommandError) as refused:
        call_command("serve", "--workers", "2")
    assert "127.0.0.1:1" in str(refused.value) and "secret" not in str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_the_metrics_add_up_across_the_server_processes(settings):
    if not settings.REDIS_URL:
        pytest.skip("several processes need Redis (the CI's PostgreSQL and Redis run)")
    with hall_server(workers=2) as base:
        for _ in range(40):  # a connection each: the processes take turns at accepting
            requests.get(f"{base}/healthz", timeout=5)
        text = requests.get(f"{base}/metrics", timeout=5).text
    (line,) = [
        line
        for line in text.splitlines()
        if line.startswith("hall_http_request_duration_seconds_count{")
        and 'route="healthz"' in line
    ]
    assert float(line.rsplit(" ", 1)[1]) == 40


def test_a_server_process_freezes_what_it_started_with():
    """What a process holds from its start is never walked by the collector again (its full
    collections paused every process for 170-400 ms under a province's load)."""
    threshold = gc.get_threshold()
    try:
        settle_memory()
        assert gc.get_freeze_count() > 10_000  # Django and the apps, at least
        assert gc.get_threshold()[0] == 50_000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_a_long_collector_pause_is_counted_and_logged(caplog):
    """A pause is recorded from the event loop, after the collection, never inside it."""
    loop = asyncio.new_event_loop()
    pauses = CollectorPauses(loop)
    before = REGISTRY.get_sample_value("hall_gc_pause_seconds_count", {"generation": "2"}) or 0
    try:
        pauses("start", {"generation": 2})
        time.sleep(LONG_PAUSE_SECONDS)  # the collection
        pauses("stop", {"generation": 2})
        assert not caplog.records  # nothing is written while the collector runs
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        loop.close()
    assert REGISTRY.get_sample_value("hall_gc_pause_seconds_count", {"generation": "2"}) == (
        before + 1
    )
    [logged] = [r for r in caplog.records if r.name == "hall.memory"]
    assert "paused this process for 1" in logged.getMessage()
