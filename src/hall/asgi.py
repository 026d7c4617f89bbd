"""The ASGI application: Django for HTTP, Channels for WebSockets, and the periodic jobs.

With HALL_JOBS_IN_PROCESS on (as `hall serve` sets it), each server process runs the due
periodic jobs every HALL_JOBS_INTERVAL_SECONDS; the jobs' row locks keep processes from
running the same one twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application

django_application = get_asgi_application()  # sets Django up before anything imports models

from asgiref.sync import sync_to_async  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from django.conf import settings  # noqa: E402

from hall.routing import websocket_urlpatterns  # noqa: E402

logger = logging.getLogger("hall.jobs")


async def _run_jobs_forever(interval: float) -> None:
    from hall.core.jobs import run_due_jobs

    while True:
        try:
            await sync_to_async(run_due_jobs, thread_sensitive=False)()
        except Exception:  # the loop must outlive a failure of the database or a job
            logger.exception("periodic jobs could not run")
        await asyncio.sleep(interval)


class Lifespan:
    """Handles ASGI lifespan (Channels' router does not) to start and stop the job loop."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.application(scope, receive, send)
            return
        task: asyncio.Task[None] | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if settings.HALL_JOBS_IN_PROCESS:
                    task = asyncio.create_task(
                        _run_jobs_forever(settings.HALL_JOBS_INTERVAL_SECONDS)
                    )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                await send({"type": "lifespan.shutdown.complete"})
                return


application = Lifespan(
    ProtocolTypeRouter(
        {
            "http": django_application,
            "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
        }
    )
)
