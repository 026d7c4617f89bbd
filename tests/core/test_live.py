"""The server's sender of live messages (hall.core.live): summaries coalesced, lost messages
followed by a resync of their group, everything in the order it was published."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from hall.core import live


class Layer:
    """Records what is sent; refuses while `down` is set (Redis unreachable)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []
        self.down = threading.Event()

    async def group_send(self, group: str, message: dict) -> None:
        if self.down.is_set():
            raise ConnectionError("redis is away")
        self.sent.append((group, message))


class RedisLayer(Layer):
    """Takes a batch in one round trip, as hall.core.layers does."""

    def __init__(self) -> None:
        super().__init__()
        self.round_trips = 0

    async def group_send_many(self, messages: list[tuple[str, dict]]) -> None:
        if self.down.is_set():
            raise ConnectionError("redis is away")
        self.round_trips += 1
        self.sent += messages


@pytest.fixture(params=[Layer, RedisLayer], ids=["one by one", "batched"])
def layer(request, monkeypatch) -> Layer:
    fake = request.param()
    monkeypatch.setattr(live, "get_channel_layer", lambda: fake)
    monkeypatch.setattr(live, "COALESCE_SECONDS", 0.05)
    monkeypatch.setattr(live, "RETRY_SECONDS", 0.05)
    return fake


def on_a_thread_of_its_own(work, *args):
    """Playwright's session leaves an event loop running on the test thread; a request's
    thread (and the server's own loop) has none."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(work, *args).result()


def serving(scenario) -> None:
    """Run `scenario()` on another thread, as a request would, while the server's loop sends."""

    async def main() -> None:
        sender = live.start_sending(asyncio.get_running_loop())
        try:
            await asyncio.to_thread(scenario)
            await asyncio.sleep(0.3)
        finally:
            live.stop_sending()
            sender.cancel()

    on_a_thread_of_its_own(asyncio.run, main())


def test_a_summary_asked_for_by_many_changes_is_computed_once(layer):
    computed = []

    def count() -> live.Messages:
        computed.append(1)
        return [("board-1", {"type": "board.waiting", "n": len(computed)})]

    def requests() -> None:
        for _ in range(5):
            live.publish_soon("waiting-1", count)
        live.publish("board-1", {"type": "board.call"})

    serving(requests)
    assert computed == [1]
    assert layer.sent == [
        ("board-1", {"type": "board.call"}),
        ("board-1", {"type": "board.waiting", "n": 1}),
    ]


def test_outside_the_server_a_summary_is_sent_at_once(layer):
    on_a_thread_of_its_own(
        live.publish_soon, "waiting-1", lambda: [("board-1", {"type": "board.waiting"})]
    )
    assert layer.sent == [("board-1", {"type": "board.waiting"})]


def test_a_group_that_missed_a_message_is_told_to_resync_once_the_layer_answers(layer):
    def requests() -> None:
        layer.down.set()
        live.publish("board-1", {"type": "board.call", "n": 1})
        live.publish("ticket-x", {"type": "ticket.called"})
        threading.Event().wait(0.15)
        layer.down.clear()  # back: nothing new is published, the retry finds it

    serving(requests)
    assert sorted(layer.sent) == [("board-1", live.RESYNC), ("ticket-x", live.RESYNC)]


def test_the_same_message_to_the_same_group_waiting_together_is_sent_once_at_its_last_place():
    refresh, other = {"type": "desk.state"}, {"type": "board.call", "n": 2}
    waiting = [
        ("window-1", refresh),
        ("board-1", other),
        ("window-1", refresh),
        ("window-2", refresh),
    ]

    async def batch() -> list:
        queue: asyncio.Queue = asyncio.Queue()
        for item in waiting:
            queue.put_nowait(item)
        return await live._waiting(queue, timeout=1)

    assert on_a_thread_of_its_own(asyncio.run, batch()) == [
        ("board-1", other),
        ("window-1", refresh),
        ("window-2", refresh),
    ]


def test_a_batch_goes_to_redis_in_one_round_trip_and_all_of_it_resyncs_if_lost():
    redis = RedisLayer()
    batch = [(f"board-{n % 3}", {"type": "board.call", "n": n}) for n in range(20)]
    assert on_a_thread_of_its_own(asyncio.run, live._deliver(redis, batch)) == set()
    assert redis.sent == batch
    assert redis.round_trips == 1
    redis.down.set()
    missed = on_a_thread_of_its_own(asyncio.run, live._deliver(redis, batch))
    assert missed == {"board-0", "board-1", "board-2"}


def test_only_a_well_formed_page_is_named_as_the_origin():
    """X-Hall-Page comes from the browser: anything but a short alphanumeric id is ignored."""
    with live.acting_page("page0001acting"):
        assert live.origin() == "page0001acting"
    for sent in ("short", "x" * 33, "page0001acting\n", "page-0001-acting", "页面0001acting"):
        with live.acting_page(sent):
            assert live.origin() == ""
    assert live.origin() == ""
