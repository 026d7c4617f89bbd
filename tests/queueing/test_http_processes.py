"""Races between server processes over HTTP, and boards on different processes (Q3, Q4).

Two `hall serve` processes share PostgreSQL and Redis; windows call through either one, and a
board connected to each must hear every call. A single-process test cannot show these races.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import threading
import time
from collections import Counter
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.utils import timezone
from websockets.sync.client import connect

from hall.core.choices import WindowState
from hall.core.roles import Role
from hall.core.services import api_token_create
from hall.queueing.choices import Channel, TicketEventKind, TicketStatus
from hall.queueing.models import (
    QueueSettings,
    Ticket,
    TicketCategory,
    TicketEvent,
    WorkProfileEntry,
)
from tests.factories import HallFactory, UserFactory, WindowFactory, ZoneFactory
from tests.servers import hall_server

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="several server processes need PostgreSQL and Redis (the CI's second run has both)",
    ),
]
WINDOWS = 16
TICKETS = 400


class Api:
    def __init__(self, base: str, token: str) -> None:
        address = urlparse(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(self, path: str, body: dict | None = None) -> tuple[int, dict]:
        self.connection.request("POST", path, body=json.dumps(body or {}), headers=self.headers)
        response = self.connection.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else {}


def test_two_processes_call_every_ticket_once_issue_gapless_and_both_boards_hear_all():
    hall = HallFactory(code="race")
    QueueSettings.objects.create(hall=hall, refuse_on_closed_days=False)
    zone = ZoneFactory(hall=hall)
    household = TicketCategory.objects.create(
        hall=hall, code="household", prefix="A", name="户籍业务"
    )
    TicketCategory.objects.create(hall=hall, code="tax", prefix="G", name="税务业务")
    windows = [
        WindowFactory(hall=hall, zone=zone, number=n + 1, state=WindowState.OPEN)
        for n in range(WINDOWS)
    ]
    WorkProfileEntry.objects.bulk_create(
        [WorkProfileEntry(window=w, category=household) for w in windows]
    )
    _token, key = api_token_create(
        actor=None, user=UserFactory(hall=hall, role=Role.HALL_ADMIN), name="race"
    )
    now = timezone.now()
    Ticket.objects.bulk_create(
        [
            Ticket(
                hall=hall,
                category=household,
                service_day=timezone.localdate(now),
                sequence=n,
                number=f"A{n:03d}",
                channel=Channel.KIOSK,
                arrived_at=now,
                queued_at=now,
                follow_token=f"r{n}",
            )
            for n in range(1, TICKETS + 1)
        ]
    )

    with hall_server() as first, hall_server() as second, contextlib.ExitStack() as stack:
        servers = [first, second]
        boards = [
            stack.enter_context(
                connect(f"ws://{urlparse(base).netloc}/ws/board/race/", max_queue=None)
            )
            for base in servers
        ]
        for board in boards:
            assert json.loads(board.recv(timeout=5))["type"] == "snapshot"
        heard = [Counter(), Counter()]

        def listen(board, counter: Counter) -> None:
            # Read all the time, as a board does: a board that stops reading is dropped.
            deadline = time.monotonic() + 120
            while sum(counter.values()) < TICKETS and time.monotonic() < deadline:
                message = json.loads(board.recv(timeout=30))
                if message["type"] == "call":
                    counter[message["number"]] += 1

        listeners = [
            threading.Thread(target=listen, args=pair) for pair in zip(boards, heard, strict=True)
        ]
        for listener in listeners:
            listener.start()
        called: list[list[int]] = [[] for _ in range(WINDOWS)]
        issued: list[list[str]] = [[] for _ in range(WINDOWS)]
        failures: list[BaseException] = []
        barrier = threading.Barrier(WINDOWS)

        def work(index: int) -> None:
            try:
                api = Api(servers[index % 2], key)
                barrier.wait()
                while True:
                    status, ticket = api.post(f"/api/v1/halls/race/windows/{index + 1}/call-next")
                    if status == 204:
                        break
                    assert status == 200, ticket
                    called[index].append(ticket["id"])
                    status, _body = api.post(f"/api/v1/tickets/{ticket['id']}/finish")
                    assert status == 200
                for _ in range(25):
                    status, ticket = api.post("/api/v1/halls/race/tickets", {"category": "tax"})
                    assert status == 201, ticket
                    issued[index].append(ticket["number"])
            except BaseException as failure:  # reported below
                failures.append(failure)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(WINDOWS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []

        for listener in listeners:
            listener.join(timeout=30)

    everything = [pk for per_window in called for pk in per_window]
    assert len(everything) == TICKETS
    assert len(set(everything)) == TICKETS
    assert sum(1 for per_window in called if per_window) > 2  # windows on both processes worked
    assert Ticket.objects.filter(category=household, status=TicketStatus.DONE).count() == TICKETS
    calls = Counter(
        TicketEvent.objects.filter(kind=TicketEventKind.CALLED).values_list("ticket_id", flat=True)
    )
    assert set(calls.values()) == {1}
    assert sorted(n for per_client in issued for n in per_client) == [
        f"G{n:03d}" for n in range(1, WINDOWS * 25 + 1)
    ]
    expected = {f"A{n:03d}": 1 for n in range(1, TICKETS + 1)}
    assert heard[0] == expected
    assert heard[1] == expected
