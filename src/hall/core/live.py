"""Publishing live events to WebSocket groups (boards, window screens, phones).

Always called from `transaction.on_commit`, so nobody sees what was rolled back. Inside
`hall serve` the message is handed to the server's own event loop (registered at start-up):
the in-memory channel layer is only safe there, and the Redis layer keeps its connections
there instead of opening one per message. A group's messages are sent in the order they
were published, by the one task there that sends that group's (a finished number and the next
call must reach a window screen in that order; concurrent sends over Redis could swap them);
SENDERS tasks share the groups, so that one slow round trip to Redis does not hold up every
screen of the province (one task fell 30 s behind at 50 halls, bench.province). Elsewhere
(tests, commands) it is sent directly.

A message the channel layer could not take (Redis unreachable) is not sent again, since
what it said may be stale by then; its group is told `live.resync` as soon as the layer
answers again, and each screen fetches its whole state afresh (its consumer knows how).

`publish_soon` is for summaries many changes share (how many wait in each line): in the
server, changes within COALESCE_SECONDS of the first are summed up by one computation, on a
worker thread and after the request has answered, instead of one per change inside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)
_server_loop: asyncio.AbstractEventLoop | None = None
Message = tuple[str, dict[str, Any]]
Messages = list[Message]
SENDERS = 8
_outgoing: list[asyncio.Queue[Message]] = []
COALESCE_SECONDS = 1.0
_due: set[str] = set()  # keys of summaries waiting for their computation (server loop only)


RESYNC = {"type": "live.resync"}
RETRY_SECONDS = 2.0


async def _send_in_order(queue: asyncio.Queue[Message]) -> None:
    layer = get_channel_layer()
    behind: set[str] = set()  # groups that missed a message: told to resync when possible
    while True:
        try:
            batch = await _waiting(queue, timeout=RETRY_SECONDS if behind else None)
        except TimeoutError:
            batch = []
        if layer is None:
            continue
        if behind:
            behind = await _deliver(layer, [(group, RESYNC) for group in sorted(behind)])
        behind |= await _deliver(layer, batch)


async def _deliver(layer: Any, batch: Messages) -> set[str]:
    """Send the batch in order; answers the groups whose message could not be sent. Redis
    takes a whole batch in one round trip (hall.core.layers); the in-memory layer has no
    round trip to save."""
    if not batch:
        return set()
    send_many = getattr(layer, "group_send_many", None)
    if send_many is not None:
        try:
            await send_many(batch)
        except Exception as error:
            missed = {group for group, _message in batch}
            logger.error("live events not delivered, %d group(s) to resync: %r", len(missed), error)
            return missed
        return set()
    missed = set()
    for group, message in batch:
        try:
            await layer.group_send(group, message)
        except Exception as error:  # one lost message must not stop the ones after it
            missed.add(group)
            logger.error("live event not delivered, %d group(s) to resync: %r", len(missed), error)
    return missed


async def _waiting(queue: asyncio.Queue[Message], *, timeout: float | None) -> list[Message]:
    """Every message waiting to be sent, a repeated one sent once, at its last place. Each
    message is a state or a prompt to fetch one, so the same one twice to the same group says
    nothing more (a finish and the next call tell the same desk twice; at a busy hour, many
    calls tell the same line). Sending to Redis was a fifth of the server's work (py-spy)."""
    batch = [await asyncio.wait_for(queue.get(), timeout)]
    while not queue.empty():
        batch.append(queue.get_nowait())
    last = {
        (group, json.dumps(message, sort_keys=True, default=str)): index
        for index, (group, message) in enumerate(batch)
    }
    return [batch[index] for index in sorted(last.values())]


def start_sending(loop: asyncio.AbstractEventLoop) -> asyncio.Task[None]:
    """Called on the server's loop at start-up: messages published from any thread are sent
    from there, each group's one after another."""
    global _server_loop, _outgoing  # one loop per server process, set once at start-up
    _outgoing = [asyncio.Queue() for _ in range(SENDERS)]
    _server_loop = loop

    async def send_all() -> None:
        await asyncio.gather(*(_send_in_order(queue) for queue in _outgoing))

    return loop.create_task(send_all())


def stop_sending() -> None:
    global _server_loop, _outgoing
    _server_loop, _outgoing = None, []


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The server's loop, inside `hall serve` (None elsewhere)."""
    loop = _server_loop
    return loop if loop is not None and _outgoing and loop.is_running() else None


def _queue_of(group: str) -> asyncio.Queue[Message]:
    """The queue of the task that sends `group`'s messages."""
    return _outgoing[hash(group) % len(_outgoing)]


# The page whose action the request serves (its X-Hall-Page header): a message the action
# causes names it, so that the page, which has the result in its answer, need not fetch it
# again (each call and start at a workstation cost a second request: bench.province).
_acting_page: ContextVar[str] = ContextVar("acting_page", default="")
PAGE_ID = re.compile(r"[A-Za-z0-9]{8,32}")


@contextlib.contextmanager
def acting_page(page: str) -> Iterator[None]:
    """Messages published meanwhile (on commit) name `page` as their origin."""
    token = _acting_page.set(page if PAGE_ID.fullmatch(page) else "")
    try:
        yield
    finally:
        _acting_page.reset(token)


def origin() -> str:
    """The page acting now ("" outside an action): for the messages that page causes."""
    return _acting_page.get()


def publish_soon(key: str, compute: Callable[[], Messages]) -> None:
    """Publish what `compute()` returns, once for all the calls with the same `key` in the
    next COALESCE_SECONDS (in the server; at once elsewhere)."""
    if get_channel_layer() is None:
        return
    loop = _running_loop()
    if loop is None:
        for group, message in compute():
            publish(group, message)
        return

    def schedule() -> None:
        if key not in _due:
            _due.add(key)
            loop.call_later(COALESCE_SECONDS, lambda: loop.create_task(run()))

    async def run() -> None:
        _due.discard(key)  # a change from now on asks for a computation of its own
        try:
            messages = await database_sync_to_async(compute)()
        except Exception as error:  # the next change computes it again
            logger.error("live summary %s not computed: %r", key, error)
            return
        for group, message in messages:
            publish(group, message)  # on the loop: queued at once, in order

    loop.call_soon_threadsafe(schedule)


def publish(group: str, message: dict[str, Any]) -> None:
    if get_channel_layer() is None:
        return
    loop = _running_loop()
    if loop is not None:
        loop.call_soon_threadsafe(_queue_of(group).put_nowait, (group, message))
    else:
        async_to_sync(get_channel_layer().group_send)(group, message)
