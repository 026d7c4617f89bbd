"""Boards and the phone page over WebSocket (in-process, with the in-memory channel layer)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connections

from hall.core import live
from hall.queueing import services
from hall.queueing.choices import Channel
from hall.routing import websocket_urlpatterns
from tests.queueing.conftest import set_rules

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(websocket_urlpatterns)
T = TypeVar("T")


def run(scenario: Callable[[], Awaitable[T]]) -> T:
    """Run an async scenario on its own loop in its own thread (the browser tests' Playwright
    keeps a loop running in the main thread for the whole session)."""

    async def scenario_then_close() -> T:
        try:
            return await scenario()
        finally:  # the database connection of the thread the services ran in
            await sync_to_async(connections.close_all)()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(lambda: asyncio.run(scenario_then_close())).result(timeout=30)


def test_a_kiosk_gets_only_the_lines_and_the_notice(qhall):
    services.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
    services.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)

    async def scenario() -> dict:
        kiosk = WebsocketCommunicator(application, "/ws/board/q/?for=kiosk")
        assert (await kiosk.connect())[0]
        snapshot = await kiosk.receive_json_from()
        await kiosk.disconnect()
        return snapshot

    snapshot = run(scenario)
    assert (snapshot["calls"], snapshot["windows"]) == ([], [])  # nothing read for it
    assert [line["waiting"] for line in snapshot["waiting"]] == [0, 0]
    assert snapshot["notice"] == ""


def test_a_board_gets_a_snapshot_then_each_call_without_names(qhall):
    issue = sync_to_async(services.ticket_issue)
    call_next = sync_to_async(services.ticket_call_next)

    async def scenario() -> list[dict]:
        board = WebsocketCommunicator(application, "/ws/board/q/")
        connected, _subprotocol = await board.connect()
        assert connected
        snapshot = await board.receive_json_from()
        await issue(
            hall=qhall.hall, category_code="household", channel=Channel.KIOSK, mobile="13800138000"
        )
        issued = await board.receive_json_from(timeout=2)
        await call_next(window=qhall.windows[1], actor=qhall.clerk)
        call = await board.receive_json_from(timeout=2)
        called = await board.receive_json_from(timeout=2)
        await board.disconnect()
        return [snapshot, issued, call, called]

    snapshot, issued, call, called = run(scenario)
    assert snapshot["type"] == "snapshot"
    assert [w["window"] for w in snapshot["windows"]] == [1, 2, 3]
    assert [{k: v for k, v in line.items() if k != "id"} for line in snapshot["waiting"]] == [
        {"code": "household", "prefix": "A", "name": "户籍业务", "waiting": 0, "unsent": 0},
        {"code": "social", "prefix": "B", "name": "社保业务", "waiting": 0, "unsent": 0},
    ]
    # The waiting counts per business follow the line: one taken, then called.
    assert issued["type"] == called["type"] == "waiting"
    assert [line["waiting"] for line in issued["waiting"]] == [1, 0]
    assert [line["waiting"] for line in called["waiting"]] == [0, 0]
    assert call["category"] == "户籍业务"
    assert call["clips"][:5] == ["please", "letter-a", "digit-0", "digit-0", "digit-1"]
    assert {k: call[k] for k in ("type", "number", "window", "text")} == {
        "type": "call",
        "number": "A001",
        "window": 1,
        "text": "请 A001 号到 1 号窗口办理",
    }
    assert call["speech"] == "请，A零零一号，到1号窗口办理"
    assert "138" not in str(call) and "张" not in str(call)


def test_an_unknown_hall_board_is_refused():
    async def scenario() -> bool:
        board = WebsocketCommunicator(application, "/ws/board/nowhere/")
        connected, _ = await board.connect()
        return connected

    assert run(scenario) is False


def test_the_phone_hears_its_position_move_and_its_call(qhall):
    issue = sync_to_async(services.ticket_issue)
    call_next = sync_to_async(services.ticket_call_next)
    finish = sync_to_async(services.ticket_finish)

    async def scenario() -> list[dict]:
        first = await issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        mine = await issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        phone = WebsocketCommunicator(application, f"/ws/ticket/{mine.follow_token}/")
        assert (await phone.connect())[0]
        messages = [await phone.receive_json_from()]
        await call_next(window=qhall.windows[1], actor=None)  # the first ticket: mine moves up
        messages.append(await phone.receive_json_from(timeout=2))
        await finish(ticket=first, actor=None)
        await call_next(window=qhall.windows[1], actor=None)  # now mine
        while True:
            message = await phone.receive_json_from(timeout=2)
            if message["type"] == "called":
                messages.append(message)
                break
        await phone.disconnect()
        return messages

    before, moved, called = run(scenario)
    assert (before["position"], before["ahead"]) == (2, 1)
    assert (moved["position"], moved["ahead"]) == (1, 0)
    assert called == {"type": "called", "window": 1, "text": "请 A002 号到 1 号窗口办理"}


def test_the_phone_learns_its_transfer_and_its_end_without_a_reload(qhall):
    """转窗 to another business, then served and done: each reaches the phone page, so its
    call banner goes and the business it waits for is the new one."""
    issue = sync_to_async(services.ticket_issue)
    call_next = sync_to_async(services.ticket_call_next)
    transfer = sync_to_async(services.ticket_transfer)
    start = sync_to_async(services.ticket_start)
    finish = sync_to_async(services.ticket_finish)

    async def standing(phone: WebsocketCommunicator, status: str) -> dict:
        """The first news of that status (each message is the state when it is sent)."""
        while True:
            message = await phone.receive_json_from(timeout=2)
            if message["type"] == "standing" and message["status"] == status:
                return message

    async def scenario() -> list[dict]:
        mine = await issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        phone = WebsocketCommunicator(application, f"/ws/ticket/{mine.follow_token}/")
        assert (await phone.connect())[0]
        await phone.receive_json_from()
        called = await call_next(window=qhall.windows[1], actor=None)
        await standing(phone, "called")
        await transfer(ticket=called, actor=None, category_code="social")
        moved = await standing(phone, "waiting")
        called = await call_next(window=qhall.windows[2], actor=None)
        await standing(phone, "called")
        await start(ticket=called, actor=None)
        serving = await standing(phone, "serving")
        await finish(ticket=called, actor=None)
        done = await standing(phone, "done")
        await phone.disconnect()
        return [moved, serving, done]

    moved, serving, done = run(scenario)
    assert (moved["status"], moved["category"], moved["window"]) == ("waiting", "社保业务", None)
    assert (serving["status"], serving["window"]) == ("serving", 2)
    assert done["window"] == 2


@pytest.mark.parametrize("path", ["/ws/ticket/x\x00y/", "/ws/ticket/" + "x" * 500 + "/"])
def test_a_phone_socket_with_a_token_that_cannot_be_one_is_refused_cleanly(qhall, path):
    async def scenario() -> tuple[bool, int | None]:
        phone = WebsocketCommunicator(application, path)
        connected, code = await phone.connect()
        await phone.disconnect()
        return connected, code

    assert run(scenario) == (False, 4404)


def test_a_state_change_from_the_dashboard_reaches_the_board(qhall):
    """One path changes a window's state (hall.core.services.window_set_state): whoever
    changes it, the boards hear of it."""
    from hall.core.choices import WindowState
    from hall.core.services import window_set_state

    set_state = sync_to_async(window_set_state)

    async def scenario() -> dict:
        board = WebsocketCommunicator(application, "/ws/board/q/")
        assert (await board.connect())[0]
        await board.receive_json_from()  # the snapshot
        await set_state(
            actor=None, window=qhall.windows[2], state=WindowState.CLOSED, reason="设备维修"
        )
        message = await board.receive_json_from(timeout=2)
        await board.disconnect()
        return message

    assert run(scenario) == {"type": "window", "window": 2, "state": "closed", "reason": "设备维修"}


def test_the_office_notice_scrolls_on_the_boards_at_once(qhall):
    from hall.core.services import hall_notice_set

    set_notice = sync_to_async(hall_notice_set)

    async def scenario() -> list[dict]:
        board = WebsocketCommunicator(application, "/ws/board/q/")
        assert (await board.connect())[0]
        snapshot = await board.receive_json_from()
        await set_notice(actor=None, hall=qhall.hall, text="今日16:00停止取号")
        notice = await board.receive_json_from(timeout=2)
        await set_notice(actor=None, hall=qhall.hall, text="今日16:00停止取号")  # unchanged
        assert await board.receive_nothing(timeout=0.2)
        await board.disconnect()
        return [snapshot, notice]

    snapshot, notice = run(scenario)
    assert snapshot["notice"] == ""
    assert notice == {"type": "notice", "text": "今日16:00停止取号"}


def _desk_socket(user, path="/ws/window/q/1/"):
    """A workstation's socket, as the logged-in member of staff (the session's user)."""
    communicator = WebsocketCommunicator(application, path)
    communicator.scope["user"] = user
    return communicator


def test_a_workstation_hears_which_part_of_its_desk_changed(qhall):
    """Push, not polling: the desk hears the count of its own line when it moves (not the
    others'), the windows asking for help when they change, and that its state changed when
    its window did, naming the page that changed it (which has the answer already); nothing
    at all when nothing happens."""
    issue = sync_to_async(services.ticket_issue)

    @sync_to_async
    def call_next(**kwargs):
        with live.acting_page("page0001acting"):
            return services.ticket_call_next(**kwargs)

    async def scenario() -> list[dict]:
        desk = _desk_socket(qhall.clerk)
        assert (await desk.connect())[0]
        assert await desk.receive_nothing(timeout=0.2)  # idle: no traffic
        await issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        heard = [await desk.receive_json_from(timeout=2)]
        await issue(hall=qhall.hall, category_code="social", channel=Channel.KIOSK)
        await call_next(window=qhall.windows[1], actor=qhall.clerk)
        heard += [await desk.receive_json_from(timeout=2) for _ in range(2)]
        assert await desk.receive_nothing(timeout=0.2)
        await desk.disconnect()
        return heard

    heard = run(scenario)
    assert heard[0] == {"part": "waiting", "unsent": {"household": 1}}
    assert sorted(heard[1:], key=str) == [
        {"part": "state", "origin": "page0001acting"},
        {"part": "waiting", "unsent": {"household": 0}},
    ]


def test_a_workstation_hears_who_asks_for_help_when_it_changes(qhall):
    """跨窗通办: every desk of the hall hears the windows asking for help when that list
    changes, and not the counts of lines its window does not serve."""
    set_rules(qhall.hall, help_threshold=1)
    issue = sync_to_async(services.ticket_issue)

    async def scenario() -> list[dict]:
        desk = _desk_socket(qhall.clerk)  # window 1 serves household only
        assert (await desk.connect())[0]
        await issue(hall=qhall.hall, category_code="social", channel=Channel.KIOSK)
        assert await desk.receive_nothing(timeout=0.3)  # one waits: nobody needs help yet
        await issue(hall=qhall.hall, category_code="social", channel=Channel.KIOSK)
        heard = [await desk.receive_json_from(timeout=2)]
        await issue(hall=qhall.hall, category_code="social", channel=Channel.KIOSK)
        assert await desk.receive_nothing(timeout=0.3)  # the same windows still ask
        await desk.disconnect()
        return heard

    assert run(scenario) == [{"part": "help", "help": [2, 3]}]


def test_a_window_hears_a_ticket_sent_to_it(qhall):
    """A ticket sent to a chosen window is in that window's line: its desk fetches the list."""
    issue = sync_to_async(services.ticket_issue)
    call_next = sync_to_async(services.ticket_call_next)
    transfer = sync_to_async(services.ticket_transfer)
    qhall.windows[3].departments.add(qhall.police)

    async def scenario() -> list[dict]:
        ticket = await issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
        await call_next(window=qhall.windows[1], actor=qhall.clerk)
        desk = _desk_socket(qhall.clerk, "/ws/window/q/3/")
        assert (await desk.connect())[0]
        await transfer(ticket=ticket, window_number=3, actor=qhall.clerk)
        heard = []
        while {"part": "line"} not in heard:
            heard.append(await desk.receive_json_from(timeout=2))
        await desk.disconnect()
        return heard

    assert {"part": "line"} in run(scenario)


def test_a_workstation_socket_is_for_the_windows_staff_only(qhall):
    from django.contrib.auth.models import AnonymousUser

    from hall.core.roles import Role
    from tests.factories import UserFactory

    outsider = UserFactory(username="outsider", hall=qhall.hall, role=Role.WINDOW_STAFF)

    async def scenario(user, path="/ws/window/q/1/") -> tuple[bool, int | None]:
        desk = _desk_socket(user, path)
        connected, code = await desk.connect()
        await desk.disconnect()
        return connected, code

    assert run(lambda: scenario(AnonymousUser())) == (False, 4403)
    assert run(lambda: scenario(outsider)) == (False, 4403)  # window 1 is the police's
    assert run(lambda: scenario(qhall.clerk, "/ws/window/q/99999999/")) == (False, 4403)
    assert run(lambda: scenario(qhall.clerk)) == (True, None)
