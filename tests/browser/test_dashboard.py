"""D1 and D4 in Chromium against the real server: a ticket taken at the kiosk and a call at a
window move the office's dashboard and the paired big screen (1920×1080) without reloading
them, the call within a second; a 潮汐 alert appears when a line passes its threshold."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.core.models import Hall
from hall.queueing.models import TicketCategory
from hall.reports.choices import AlertKind
from hall.reports.models import AlertRule
from hall.reports.services import alerts_check
from tests.browser.test_evaluation import log_in
from tests.browser.test_queue import SETTLED, take_household_ticket
from tests.servers import hall_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_follows_the_kiosk_and_the_window(browser: Browser):
    seed_demo()
    with hall_server() as base:
        office = log_in(browser, base, "guanli", DEMO_PASSWORD, "/dashboard/")
        office.wait_for_function("() => document.body?.dataset.nowLive === '1'")
        waiting = office.locator("[data-now-waiting]")
        before = int(waiting.inner_text())

        # The big screen: paired with the code the office reads on the devices page.
        devices = log_in(browser, base, "guanli", DEMO_PASSWORD, "/halls/demo/devices/")
        devices.get_by_role("button", name="配对大屏").click()
        code = devices.locator("[data-pairing-code]").inner_text()
        screen = browser.new_context(
            locale="zh-CN", viewport={"width": 1920, "height": 1080}
        ).new_page()
        screen.goto(f"{base}/bigscreen/demo/")
        screen.get_by_label("配对码").fill(code)
        screen.get_by_role("button", name="配对").click()
        screen.wait_for_function("() => document.body?.dataset.nowLive === '1'")
        on_screen = screen.locator("[data-screen-waiting]")
        assert screen.evaluate("document.documentElement.scrollHeight") <= 1080
        line = office.locator('[data-line="household"] [data-line-waiting]')

        kiosk = browser.new_context(locale="zh-CN").new_page()
        kiosk.add_init_script("window.print = () => {}")
        take_household_ticket(kiosk, base)
        # The boards' waiting counts are sent once a second for all that moved (queueing.live):
        # a ticket taken shows within two. A call is sent at once: within one, the bound.
        expect(waiting).to_have_text(str(before + 1), timeout=2000)
        expect(line).to_have_text("1", timeout=2000)
        expect(on_screen).to_have_text(str(before + 1), timeout=2000)

        staff = log_in(browser, base, "chuangkou", DEMO_PASSWORD, "/window/demo/1/")
        staff.wait_for_function("() => document.body?.dataset.deskLive === '1'")
        staff.wait_for_function(SETTLED)
        staff.keyboard.press("n")
        expect(staff.locator("[data-current-number]")).to_have_text("A001")
        expect(waiting).to_have_text(str(before), timeout=1000)
        expect(line).to_have_text("0", timeout=1000)
        expect(on_screen).to_have_text(str(before), timeout=1000)

        # A 潮汐 rule: more than one waiting for 户籍. Two tickets pass it; the half-minute's
        # check (run here) raises the alert; the next movement brings it to the dashboard.
        hall = Hall.objects.get(code="demo")
        AlertRule.objects.create(
            hall=hall,
            kind=AlertKind.WAITING,
            category=TicketCategory.objects.get(hall=hall, code="household"),
            threshold=1,
        )
        take_household_ticket(kiosk, base)
        take_household_ticket(kiosk, base)
        expect(line).to_have_text("2", timeout=2000)
        assert alerts_check(hall, timezone.now()) == (1, 0)
        take_household_ticket(kiosk, base)
        expect(office.locator("[data-alert]")).to_contain_text("户籍业务", timeout=2000)
