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
from tests.browser.test_queue import take_household_ticket
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


def test_an_open_kiosk_hears_of_emergency_operation_and_says_it_is_alive(browser: Browser):
    """The kiosk follows the hall's live channel: its heartbeat reaches the register (kept for
    the tab as its pages change), a number taken elsewhere changes its count in place, and
    when the office starts emergency operation it shows the notice with no one touching it."""
    seed_demo()
    hall = Hall.objects.get(code="demo")
    kiosk_item = Equipment.objects.create(
        hall=hall, kind="kiosk", name="1号取号机", screen_key="kiosk-1"
    )
    with hall_server() as base:
        kiosk = browser.new_context(locale="zh-CN").new_page()
        kiosk.goto(f"{base}/kiosk/demo/?equipment=kiosk-1")
        kiosk.wait_for_function("() => document.body?.dataset.live === 'on'")
        for _ in range(50):
            kiosk_item.refresh_from_db()
            if kiosk_item.last_seen_at is not None:
                break
            kiosk.wait_for_timeout(100)
        assert kiosk_item.last_seen_at is not None
        count = kiosk.locator("[data-waiting-of='household']")
        expect(count).to_contain_text("0")

        other = browser.new_context(locale="zh-CN").new_page()
        other.add_init_script("window.print = () => {}")  # no printer in the test
        take_household_ticket(other, base)  # a number from the other kiosk: the count follows
        expect(count).to_contain_text("1")

        office = log_in(browser, base, "guanli", DEMO_PASSWORD, "/emergency/demo/")
        office.get_by_label("原因（显示在叫号屏上）").fill("大厅停电")
        office.once("dialog", lambda dialog: dialog.accept())
        office.get_by_role("button", name="启动应急运行").click()
        expect(office.locator("[data-emergency='on']")).to_be_visible()

        expect(kiosk.locator("[data-emergency]")).to_contain_text("大厅停电", timeout=5000)
        expect(kiosk.locator("[data-suspended]").first).to_be_disabled()
