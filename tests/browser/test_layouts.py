"""The screens people meet first, at the sizes they are used at (1366×768 office PCs,
1920×1080 hall screens, 390×844 phones): nothing runs off the side, and a screenshot of each
is kept (var/screenshots/, not committed) so that a change that breaks a layout can be seen.
None of them, nor the API's documentation, does anything the Content-Security-Policy refuses
(an inline script, a resource from elsewhere)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hall.cases.models import Case
from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.core.models import Hall
from hall.queueing import services
from hall.queueing.choices import Channel
from tests.servers import hall_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = [(1366, 768), (1920, 1080), (390, 844)]  # office PCs, hall screens, phones


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/dashboard/")


# Each refusal of the policy is kept on the page for the test to read.
WATCH_POLICY = """window.refused = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.refused.push(e.violatedDirective + " " + e.blockedURI));"""


def _overflow(page: Page) -> int:
    """How far the page runs past the right edge of the window, in pixels."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_first_screens_fit_every_size_they_are_used_at(browser: Browser):
    seed_demo()
    hall = Hall.objects.get(code="demo")
    ticket = services.ticket_issue(hall=hall, category_code="household", channel=Channel.KIOSK)
    case = Case.objects.filter(hall=hall, department__code="real-estate").order_by("pk").first()
    assert case is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "workstation": ("chuangkou", "/window/demo/1/"),
        "window-screen": (None, "/board/demo/window/1/"),
        "hall-board": (None, "/board/demo/"),
        "phone": (None, f"/t/{ticket.follow_token}"),
        "case": ("shouxi", f"/cases/{case.number}/"),
        "kiosk": (None, "/kiosk/demo/"),
    }
    overflowing, refused = [], []
    with hall_server() as base:
        for width, height in SIZES:
            context = browser.new_context(
                locale="zh-CN", viewport={"width": width, "height": height}
            )
            context.add_init_script(WATCH_POLICY)
            page = context.new_page()
            logged_in_as = None
            for name, (username, path) in pages.items():
                if username and username != logged_in_as:
                    context.clear_cookies()
                    _log_in(page, base, username)
                    logged_in_as = username
                answer = page.goto(f"{base}{path}")
                assert answer is not None and answer.status == 200, (name, path)
                page.wait_for_load_state("load")
                if path.startswith(("/board/", "/t/")):
                    expect(page.locator("[data-live-state]")).to_have_text("实时")
                page.screenshot(path=SHOTS / f"{name}-{width}x{height}.png")
                if _overflow(page) > 0:
                    overflowing.append(f"{name} at {width}×{height}: {_overflow(page)} px")
                refused += [f"{name}: {what}" for what in page.evaluate("window.refused")]
            context.close()
        docs = browser.new_context(locale="zh-CN")
        docs.add_init_script(WATCH_POLICY)
        page = docs.new_page()
        page.goto(f"{base}/api/docs")
        expect(page.locator(".swagger-ui .title").first).to_be_visible()
        refused += [f"api docs: {what}" for what in page.evaluate("window.refused")]
        docs.close()
    assert overflowing == []
    assert refused == []
