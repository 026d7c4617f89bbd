"""The ASGI application: HTTP through Django's WSGI handler on a thread pool, WebSockets
through Channels, and the periodic jobs.

Why HTTP goes through the WSGI handler: every view here is synchronous. Django's ASGI handler
runs each request in a new thread (so database connections are opened per request) and hops
threads at every sync-only middleware; on this project's 2-core machine that capped a
health check at ~190 requests/s. a2wsgi runs the whole request in one of a fixed set of
threads, each keeping its database connection: ~700/s for the same check (`make bench`).

With HALL_JOBS_IN_PROCESS on (as `hall serve` sets it), each server process runs the due
periodic jobs every HALL_JOBS_INTERVAL_SECONDS; the jobs' row locks keep processes from
running the same one twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django

django.setup()

from a2wsgi import WSGIMiddleware  # noqa: E402
from asgiref.sync import sync_to_async  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from hall.core import live  # noqa: E402
from hall.core.memo import listen_for_changes  # noqa: E402
from hall.core.metrics import COLLECTOR_PAUSES, LIVE_CONNECTIONS  # noqa: E402
from hall.routing import websocket_urlpatterns  # noqa: E402

logger = logging.getLogger("hall.jobs")
memory_logger = logging.getLogger("hall.memory")

LONG_PAUSE_SECONDS = 0.1  # a request that waits this long behind the collector is noticed


async def _run_jobs_forever(interval: float) -> None:
    from hall.core.jobs import run_due_jobs

    while True:
        try:
            await sync_to_async(run_due_jobs, thread_sensitive=False)()
        except Exception:  # the loop must outlive a failure of the database or a job
            logger.exception("periodic jobs could not run")
        await asyncio.sleep(interval)


def settle_memory() -> None:
    """Keep the collector off what lives as long as the process.

    A server process holds about 150,000 objects from its start (Django, the apps, their
    modules), and its collector walked all of them in every full collection: pauses of
    170-400 ms every half minute in each process of a province's replay, the slowest 1 % of
    requests (bench.province, 40 halls). Frozen, they are never walked again. Collecting
    young objects after 50,000 new ones instead of 700 lets most of a request's objects die
    before a collection would promote them, so full collections become rare and short.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


class CollectorPauses:
    """Counts each collection's pause for /metrics and logs a long one, so that a burst of
    slow requests can be matched with it (bench.province does).

    Both are done from the event loop, not inside the collection: the collector may run
    while this thread holds the lock of the metric's file or of the log's stream.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.began = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.began = time.perf_counter()
        else:
            paused = time.perf_counter() - self.began
            self.loop.call_soon_threadsafe(self.record, paused, info["generation"])

    @staticmethod
    def record(paused: float, generation: int) -> None:
        COLLECTOR_PAUSES.labels(str(generation)).observe(paused)
        if paused >= LONG_PAUSE_SECONDS:
            memory_logger.warning(
                "the collector paused this process for %d ms (generation %d)",
                paused * 1000,
                generation,
            )


class Lifespan:
    """Handles ASGI lifespan (Channels' router does not) to start and stop the job loop."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.application(scope, receive, send)
            return
        task: asyncio.Task[None] | None = None
        sender: asyncio.Task[None] | None = None
        pauses: CollectorPauses | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                settle_memory()
                pauses = CollectorPauses(asyncio.get_running_loop())
                gc.callbacks.append(pauses)
                if settings.REDIS_URL:  # other processes' changes clear this one's memos
                    listen_for_changes(settings.REDIS_URL)
                sender = live.start_sending(asyncio.get_running_loop())
                if settings.HALL_JOBS_IN_PROCESS:
                    interval = settings.HALL_JOBS_INTERVAL_SECONDS
                    task = asyncio.create_task(_run_jobs_forever(interval))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                live.stop_sending()
                if pauses in gc.callbacks:
                    gc.callbacks.remove(pauses)
                for running in (task, sender):
                    if running is not None:
                        running.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await running
                await send({"type": "lifespan.shutdown.complete"})
                return


class CountedConnections:
    """Counts the open WebSocket connections by kind of screen for /metrics."""

    KINDS = frozenset({"board", "ticket", "window", "pad"})

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        parts = scope.get("path", "").split("/")  # /ws/<kind>/…
        kind = parts[2] if len(parts) > 2 and parts[2] in self.KINDS else "other"
        gauge = LIVE_CONNECTIONS.labels(kind)
        gauge.inc()
        try:
            await self.application(scope, receive, send)
        finally:
            gauge.dec()


application = Lifespan(
    ProtocolTypeRouter(
        {
            "http": WSGIMiddleware(
                get_wsgi_application(),  # type: ignore[arg-type]  # a response is an iterable of bytes
                workers=settings.HALL_HTTP_THREADS,
            ),
            "websocket": CountedConnections(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    )
)
