"""Publishing live events to WebSocket groups (boards, window screens, phones).

Always called from `transaction.on_commit`, so nobody sees what was rolled back. Inside
`hall serve` the message is handed to the server's own event loop (registered at start-up):
the in-memory channel layer is only safe there, and the Redis layer keeps its connections
there instead of opening one per message. Elsewhere (tests, commands) it is sent directly.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)
_server_loop: asyncio.AbstractEventLoop | None = None


def set_server_loop(loop: asyncio.AbstractEventLoop | None) -> None:
    global _server_loop  # one loop per server process, set once at start-up
    _server_loop = loop


def _log_failure(future: Future[Any]) -> None:
    if future.exception() is not None:
        logger.error("live event not delivered: %r", future.exception())


def publish(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _server_loop
    if loop is not None and loop.is_running():
        asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop).add_done_callback(
            _log_failure
        )
    else:
        async_to_sync(layer.group_send)(group, message)
