"""Publishing live events to WebSocket groups (boards, window screens, phones).

Always called from `transaction.on_commit`, so nobody sees what was rolled back. Inside
`hall serve` the message is handed to the server's own event loop (registered at start-up):
the in-memory channel layer is only safe there, and the Redis layer keeps its connections
there instead of opening one per message. One task there sends them in the order they were
published (a finished number and the next call must reach a window screen in that order;
concurrent sends over Redis could swap them). Elsewhere (tests, commands) it is sent
directly.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)
_server_loop: asyncio.AbstractEventLoop | None = None
_outgoing: asyncio.Queue[tuple[str, dict[str, Any]]] | None = None


async def _send_in_order(queue: asyncio.Queue[tuple[str, dict[str, Any]]]) -> None:
    layer = get_channel_layer()
    while True:
        group, message = await queue.get()
        try:
            if layer is not None:
                await layer.group_send(group, message)
        except Exception as error:  # one lost message must not stop the ones after it
            logger.error("live event not delivered: %r", error)


def start_sending(loop: asyncio.AbstractEventLoop) -> asyncio.Task[None]:
    """Called on the server's loop at start-up: messages published from any thread are sent
    from there, one after another."""
    global _server_loop, _outgoing  # one loop per server process, set once at start-up
    _outgoing = asyncio.Queue()
    _server_loop = loop
    return loop.create_task(_send_in_order(_outgoing))


def stop_sending() -> None:
    global _server_loop, _outgoing
    _server_loop, _outgoing = None, None


def publish(group: str, message: dict[str, Any]) -> None:
    if get_channel_layer() is None:
        return
    loop, queue = _server_loop, _outgoing
    if loop is not None and queue is not None and loop.is_running():
        loop.call_soon_threadsafe(queue.put_nowait, (group, message))
    else:
        async_to_sync(get_channel_layer().group_send)(group, message)
