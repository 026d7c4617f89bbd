"""Screens catch up by themselves after the server lost Redis for a while (#13).

The server reaches Redis through a cable this test can cut: calls made while it is cut cannot
be published, the screens' connections break. Once it is back, every board and phone page
shows what happened meanwhile without anyone touching them (hall.core.live resyncs the groups
that missed a message; a screen that lost its socket reconnects and gets a fresh snapshot).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.utils import timezone
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from hall.core.choices import WindowState
from hall.core.roles import Role
from hall.core.services import api_token_create
from hall.queueing.choices import Channel
from hall.queueing.models import QueueSettings, Ticket, TicketCategory, WorkProfileEntry
from tests.factories import HallFactory, UserFactory, WindowFactory, ZoneFactory
from tests.servers import hall_server

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="the live path through Redis runs in the CI's PostgreSQL and Redis run",
    ),
]


class Cable:
    """A TCP relay to Redis that can be cut (open connections dropped, new ones refused);
    `url` reaches Redis through it."""

    def __init__(self, redis_url: str) -> None:
        redis = urlparse(redis_url)
        self.upstream = (redis.hostname or "127.0.0.1", redis.port or 6379)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}{redis.path}"
        self.cut_off = threading.Event()
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.cut_off.is_set():
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            self.open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.cut_off.set()
        for end in self.open:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self.open = []

    def mend(self) -> None:
        self.cut_off.clear()


class Screen:
    """A board or a phone page as its script keeps it: the last snapshot or state, updated by
    each message, reconnecting by itself when its socket breaks."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.calls: list[str] = []
        self.state: dict = {}
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                with connect(self.url, open_timeout=5) as socket_:
                    self.connections += 1
                    while not self.stop.is_set():
                        with contextlib.suppress(TimeoutError):
                            self._take(json.loads(socket_.recv(timeout=0.5)))
            except (ConnectionClosed, InvalidStatus, OSError, TimeoutError):
                time.sleep(0.5)  # live.js waits and reconnects, too

    def _take(self, message: dict) -> None:
        if message.get("type") == "snapshot":
            self.calls = [call["number"] for call in message["calls"]]
        elif message.get("type") == "call":
            self.calls.insert(0, message["number"])
        else:
            self.state = message


@contextlib.contextmanager
def screens(urls: list[str]) -> Iterator[list[Screen]]:
    opened = [Screen(url) for url in urls]
    try:
        yield opened
    finally:
        for screen in opened:
            screen.stop.set()
        for screen in opened:
            screen.thread.join(timeout=5)


def until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def hall_cut():
    """A hall with one open window and eight people waiting (A001-A008); yields a caller
    that takes a server's base URL and calls the next person there, finishing the last."""
    hall = HallFactory(code="cut")
    QueueSettings.objects.create(hall=hall, refuse_on_closed_days=False)
    zone = ZoneFactory(hall=hall)
    household = TicketCategory.objects.create(
        hall=hall, code="household", prefix="A", name="户籍业务"
    )
    window = WindowFactory(hall=hall, zone=zone, number=1, state=WindowState.OPEN)
    WorkProfileEntry.objects.create(window=window, category=household)
    _token, key = api_token_create(
        actor=None, user=UserFactory(hall=hall, role=Role.HALL_ADMIN), name="cut"
    )
    now = timezone.now()
    Ticket.objects.bulk_create(
        Ticket(
            hall=hall,
            category=household,
            service_day=timezone.localdate(now),
            sequence=n,
            number=f"A{n:03d}",
            channel=Channel.KIOSK,
            arrived_at=now,
            queued_at=now,
            follow_token=f"cut-{n}",
        )
        for n in range(1, 9)
    )
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    last: dict = {}

    def call_next(base: str) -> str:
        address = urlparse(base)
        api = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        query = f"?finish={last['id']}" if last else ""
        api.request("POST", f"/api/v1/halls/cut/windows/1/call-next{query}", "{}", headers)
        response = api.getresponse()
        body = json.loads(response.read())
        assert response.status == 200, body
        last.update(body)
        return body["number"]

    return call_next


@pytest.fixture
def cable():
    return Cable(os.environ["REDIS_URL"])


def test_boards_and_phones_catch_up_after_redis_was_cut(hall_cut, cable):
    with hall_server(REDIS_URL=cable.url) as base:
        ws = f"ws://{urlparse(base).netloc}/ws"
        urls = [f"{ws}/board/cut/", f"{ws}/board/cut/", f"{ws}/ticket/cut-5/"]
        with screens(urls) as (board, other_board, phone):
            assert until(lambda: phone.state.get("status") == "waiting", 10)
            for _ in range(2):
                hall_cut(base)
            assert until(lambda: board.calls[:1] == other_board.calls[:1] == ["A002"], 10)

            cable.cut()
            for _ in range(3):  # A003-A005 are called while no message can leave the server
                hall_cut(base)
            time.sleep(1)
            assert board.calls[:1] == ["A002"]  # nobody heard them yet
            cable.mend()

            assert until(lambda: board.calls[:1] == other_board.calls[:1] == ["A005"], 20)
            assert until(lambda: phone.state.get("status") == "called", 10)
            assert phone.state["window"] == 1
            assert board.calls[:5] == other_board.calls[:5] == [f"A00{n}" for n in range(5, 0, -1)]


def test_a_server_whose_subscription_broke_resyncs_its_screens(hall_cut, cable):
    """The calls are made on a server whose Redis never failed, so nothing there knows that
    another server's screens missed them: that server learns it from its own subscription
    coming back (hall.core.layers), and its board catches up, still connected."""
    with hall_server() as calling, hall_server(REDIS_URL=cable.url) as showing:
        ws = f"ws://{urlparse(showing).netloc}/ws"
        with screens([f"{ws}/board/cut/", f"{ws}/ticket/cut-4/"]) as (board, phone):
            assert until(lambda: phone.state.get("status") == "waiting", 10)
            hall_cut(calling)
            assert until(lambda: board.calls[:1] == ["A001"], 10)
            connections_before = board.connections

            cable.cut()
            time.sleep(0.5)  # its subscription noticed
            for _ in range(3):  # A002-A004, published by the calling server
                hall_cut(calling)
            time.sleep(1)
            assert board.calls[:1] == ["A001"]
            cable.mend()

            assert until(lambda: board.calls[:1] == ["A004"], 20)
            assert board.calls[:4] == ["A004", "A003", "A002", "A001"]
            assert until(lambda: phone.state.get("status") == "called", 10)
            assert board.connections == connections_before  # caught up without reconnecting
