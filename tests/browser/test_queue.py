"""A ticket taken at the kiosk is called at a window workstation and is on the board, in
Chromium, against the real server (uvicorn with WebSockets)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from hall.core.demo import DEMO_PASSWORD, seed_demo
from tests.servers import hall_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# htmx binds the buttons of swapped-in content once it settles (a few milliseconds).
SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def take_household_ticket(kiosk: Page, base: str) -> None:
    """At the kiosk: 户籍业务, no priority claimed."""
    kiosk.goto(f"{base}/kiosk/demo/")
    kiosk.get_by_role("link", name="户籍业务").click()
    kiosk.get_by_role("button", name="否，取普通号").click()


def test_kiosk_ticket_is_called_at_a_window_and_shown_on_the_board(browser: Browser):
    seed_demo()
    with hall_server() as base:
        context = browser.new_context(locale="zh-CN")
        board = context.new_page()
        board.goto(f"{base}/board/demo/")
        expect(board.locator("[data-live-state]")).to_have_text("实时")
        screen = context.new_page()  # the screen over window 1 (窗口屏)
        screen.goto(f"{base}/board/demo/window/1/")
        expect(screen.locator("[data-live-state]")).to_have_text("实时")
        expect(screen.locator("[data-now-number]")).to_have_text("—")

        kiosk = context.new_page()
        kiosk.goto(f"{base}/kiosk/demo/")
        kiosk.get_by_role("link", name="户籍业务").click()
        kiosk.add_init_script("window.print = () => {}")  # no printer in the test
        kiosk.get_by_role("button", name="否，取普通号").click()
        expect(kiosk.locator("[data-number]")).to_have_text("A001")
        expect(kiosk.get_by_text("您前面还有 0 人")).to_be_visible()
        expect(board.locator("[data-waiting] li").first).to_have_text("A 户籍业务 1")

        staff = browser.new_context(locale="zh-CN").new_page()
        staff.goto(f"{base}/accounts/login/?next=/window/demo/1/")
        staff.get_by_label("用户名").fill("chuangkou")
        staff.get_by_label("密码").fill(DEMO_PASSWORD)
        staff.get_by_role("button", name="登录").click()
        expect(staff.get_by_text("本窗口当前没有号码。")).to_be_visible()
        # A person looks at the desk before pressing a key: by then it is live and settled (a
        # key pressed while the window's opening refreshes it was once lost, under load).
        staff.wait_for_function("() => document.body?.dataset.deskLive === '1'")
        staff.wait_for_function(SETTLED)

        # How fast it reaches the board is measured by `make bench` (call to 100 boards), not
        # by a timed assertion that a slow machine would fail.
        staff.keyboard.press("n")  # the workstation's key for "call next"
        expect(board.locator("[data-now-number]")).to_have_text("A001")
        expect(board.locator("[data-now-window]")).to_have_text("请 A001 号到 1 号窗口办理")
        expect(staff.locator("[data-current-number]")).to_have_text("A001")
        expect(screen.locator("[data-now-number]")).to_have_text("A001")
        expect(board.locator("[data-recent] tr").first).to_contain_text("户籍业务")

        # While serving, the same key finishes this person and calls the next (办结并叫下一位).
        take_household_ticket(kiosk, base)
        expect(kiosk.locator("[data-number]")).to_have_text("A002")
        # The desk refreshes when its line changes; a key pressed during that swap is lost.
        expect(staff.locator('[data-waiting="household"]')).to_have_text("1")
        staff.keyboard.press("s")
        expect(staff.get_by_role("button", name="办结并叫下一位 N")).to_be_visible()
        staff.wait_for_function(SETTLED)  # a person needs longer than htmx to press a key
        staff.keyboard.press("n")
        expect(staff.locator("[data-current-number]")).to_have_text("A002")
        expect(staff.locator("[data-served]")).to_have_text("1")  # my day, in the same answer
        expect(board.locator("[data-now-number]")).to_have_text("A002", timeout=1000)
        expect(screen.locator("[data-now-number]")).to_have_text("A002")
        expect(board.locator("[data-waiting] li").first).to_have_text("A 户籍业务 0")

        # The office scrolls a notice on the boards and pauses window 1: both show at once.
        office = browser.new_context(locale="zh-CN").new_page()
        office.goto(f"{base}/accounts/login/?next=/dashboard/")
        office.get_by_label("用户名").fill("guanli")
        office.get_by_label("密码").fill(DEMO_PASSWORD)
        office.get_by_role("button", name="登录").click()
        office.get_by_label("叫号屏滚动通知").fill("今日16:00停止取号")
        office.get_by_role("button", name="发布到叫号屏").click()
        expect(office.get_by_text("叫号屏已显示新通知。")).to_be_visible()
        expect(board.locator("[data-notice]")).to_have_text("今日16:00停止取号")
        expect(screen.locator("[data-notice]")).to_be_visible()
        staff.keyboard.press("s")  # A002 comes to the window, then is served: the window frees
        staff.wait_for_function(SETTLED)
        staff.get_by_role("button", name="办结").first.click()
        expect(screen.locator("[data-now-number]")).to_have_text("—")
        office.goto(f"{base}/halls/demo/windows/1/")
        office.locator("select[name=state]").select_option("paused")
        office.get_by_label("原因").fill("系统维护")
        office.once("dialog", lambda dialog: dialog.accept())
        office.get_by_role("button", name="保存").click()
        expect(screen.locator("[data-window-state]")).to_have_text("暂停服务")
        expect(screen.locator("[data-window-reason]")).to_have_text("系统维护")
        context.close()


def test_the_desk_learns_of_new_numbers_without_wiping_what_staff_type(browser: Browser):
    """Push, not polling: a number taken at the kiosk shows in the desk's line at once, while
    the pause reason being typed (with a Chinese input method, say) stays as it is."""
    seed_demo()
    with hall_server() as base:
        staff = browser.new_context(locale="zh-CN").new_page()
        staff.goto(f"{base}/accounts/login/?next=/window/demo/1/")
        staff.get_by_label("用户名").fill("chuangkou")
        staff.get_by_label("密码").fill(DEMO_PASSWORD)
        staff.get_by_role("button", name="登录").click()
        staff.wait_for_function("() => document.body?.dataset.deskLive === '1'")
        reason = staff.get_by_label("暂停原因")
        reason.click()
        reason.type("临时")  # typing, not done yet

        kiosk = browser.new_context(locale="zh-CN").new_page()
        kiosk.add_init_script("window.print = () => {}")
        take_household_ticket(kiosk, base)
        expect(kiosk.locator("[data-number]")).to_have_text("A001")

        expect(staff.locator('[data-waiting="household"]')).to_have_text("1")
        expect(staff.locator('[data-line-number="A001"]')).to_be_visible()
        # The next number comes within seconds of the last: its list is fetched once the
        # few seconds between two fetches have passed (workstation.js), not forgotten.
        take_household_ticket(kiosk, base)
        expect(kiosk.locator("[data-number]")).to_have_text("A002")
        expect(staff.locator('[data-waiting="household"]')).to_have_text("2")
        expect(staff.locator('[data-line-number="A002"]')).to_be_visible()
        expect(reason).to_have_value("临时")
        expect(reason).to_be_focused()
        reason.type("外出")
        reason.press("Enter")
        expect(staff.locator(".state-pill")).to_contain_text("临时外出")
        staff.context.close()
        kiosk.context.close()


def test_a_kiosk_left_at_the_priority_question_goes_back_to_the_start(live_server, page):
    seed_demo()
    page.clock.install()
    page.goto(f"{live_server.url}/kiosk/demo/?category=household")
    expect(page.get_by_role("button", name="否，取普通号")).to_be_visible()
    page.clock.fast_forward(20_000)
    page.mouse.click(5, 5)  # a touch: the next person has 30 s again
    page.clock.fast_forward(20_000)
    assert "category=household" in page.url
    page.clock.fast_forward(11_000)
    expect(page).to_have_url(f"{live_server.url}/kiosk/demo/")
    expect(page.get_by_role("button", name="否，取普通号")).to_have_count(0)
