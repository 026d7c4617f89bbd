"""F2's degraded operation in Chromium: a board keeps its last call and says it is
reconnecting while its server process is down, then, reconnected by itself, shows the call
made meanwhile (at another window's server: here straight through the services). The board,
set up as an item of the equipment register, says it is alive (F1)."""

from __future__ import annotations

import pytest
from bench.server import free_port
from playwright.sync_api import Browser, expect

from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.core.models import Hall, Window
from hall.facilities.models import Equipment
from hall.queueing import services
from hall.queueing.choices import Channel
from hall.queueing.models import Ticket
from tests.browser.test_evaluation import log_in
from tests.servers import hall_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_rides_out_a_server_restart(browser: Browser):
    seed_demo()
    hall = Hall.objects.get(code="demo")
    for _ in range(2):
        services.ticket_issue(hall=hall, category_code="household", channel=Channel.KIOSK)
    screen = Equipment.objects.create(
        hall=hall, kind="board", name="大厅叫号屏", screen_key="board-1"
    )
    port = free_port()
    board = browser.new_context(locale="zh-CN").new_page()
    with hall_server(port=port) as base:
        board.goto(f"{base}/board/demo/?equipment=board-1")  # set up as the register's board-1
        expect(board.locator("[data-live-state]")).to_have_text("实时")
        # Its heartbeat reached the register (F1): sent as soon as it is connected.
        for _ in range(50):
            screen.refresh_from_db()
            if screen.last_seen_at is not None:
                break
            board.wait_for_timeout(100)
        assert screen.last_seen_at is not None
        staff = log_in(browser, base, "chuangkou", DEMO_PASSWORD, "/window/demo/1/")
        staff.wait_for_function("() => document.body?.dataset.deskLive === '1'")
        staff.keyboard.press("n")  # the workstation calls over plain HTTP
        expect(board.locator("[data-now-number]")).to_have_text("A001")

    # The server is down: the board keeps what it showed and says it is reconnecting.
    expect(board.locator("[data-live-state]")).to_have_text("连接中断，正在重连…")
    expect(board.locator("[data-now-number]")).to_have_text("A001")
    window = Window.objects.get(hall=hall, number=1)
    served = services.ticket_start(ticket=Ticket.objects.get(hall=hall, number="A001"), actor=None)
    called = services.ticket_call_next(window=window, actor=None, finish_id=served.pk)
    assert called is not None and called.number == "A002"

    with hall_server(port=port):
        # Back by itself (its retries are at most ten seconds apart), with the new call.
        expect(board.locator("[data-live-state]")).to_have_text("实时", timeout=15000)
        expect(board.locator("[data-now-number]")).to_have_text("A002", timeout=5000)
