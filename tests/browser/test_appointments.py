"""A booking made on a phone is checked in at the kiosk and called at the window ahead of an
earlier walk-in, by the appointment priority's head start; in Chromium, against the real
server. The server runs at real time, so the demo hall is set to be open today until late
and to take check-ins for any slot later today."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from hall.appointments.models import AppointmentSettings, SlotPool
from hall.core.choices import CalendarDayKind
from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.core.models import CalendarDay, Hall
from tests.appointments.conftest import resident_id
from tests.browser.test_queue import SETTLED, take_household_ticket
from tests.servers import hall_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_all_day() -> None:
    now = timezone.localtime()
    if now.time() >= datetime.time(23, 30):
        pytest.skip("the last 15-minute slot of the day has begun: no slot is left today")
    hall = Hall.objects.get(code="demo")
    hall.morning_opens, hall.morning_closes = datetime.time(0, 0), datetime.time(12, 0)
    hall.afternoon_opens, hall.afternoon_closes = datetime.time(12, 0), datetime.time(23, 59)
    hall.save()
    CalendarDay.objects.update_or_create(
        date=now.date(), defaults={"kind": CalendarDayKind.WORKDAY, "name": "测试"}
    )
    AppointmentSettings.objects.filter(hall=hall).update(check_in_before_minutes=1440)
    SlotPool.objects.filter(hall=hall).update(slot_minutes=15)


def test_booked_on_the_phone_checked_in_at_the_kiosk_called_first(browser: Browser):
    seed_demo()
    _open_all_day()
    today = timezone.localdate().isoformat()
    with hall_server() as base:
        phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        page = phone.new_page()
        page.goto(f"{base}/h/demo/")
        page.get_by_role("link", name="预约办事").click()
        page.get_by_role("link", name="居民身份证换领、补领").click()
        page.locator(f'[data-slot^="{today}"]').first.click()
        page.get_by_label("姓名").fill("王小红")
        page.get_by_label("身份证号码").fill(resident_id(7))
        page.get_by_label("手机号码").fill("13912345678")
        page.get_by_role("button", name="确认预约").click()
        code = page.locator("[data-booking-code]").inner_text()
        expect(page.get_by_text("已预约")).to_be_visible()
        assert len(code) == 8

        kiosk = browser.new_context(locale="zh-CN").new_page()
        kiosk.add_init_script("window.print = () => {}")  # no printer in the test
        take_household_ticket(kiosk, base)  # a walk-in, before the booked person
        expect(kiosk.locator("[data-number]")).to_have_text("A001")
        kiosk.goto(f"{base}/kiosk/demo/")
        kiosk.get_by_role("link", name="预约签到").click()
        kiosk.get_by_label("预约码或身份证号码").fill(code.lower())
        kiosk.get_by_role("button", name="签到").click()
        expect(kiosk.locator("[data-number]")).to_have_text("A002")

        staff = browser.new_context(locale="zh-CN").new_page()
        staff.goto(f"{base}/accounts/login/?next=/window/demo/1/")
        staff.get_by_label("用户名").fill("chuangkou")
        staff.get_by_label("密码").fill(DEMO_PASSWORD)
        staff.get_by_role("button", name="登录").click()
        staff.wait_for_function("() => document.body?.dataset.deskLive === '1'")
        staff.wait_for_function(SETTLED)
        staff.keyboard.press("n")
        expect(staff.locator("[data-current-number]")).to_have_text("A002")
        expect(staff.locator("[data-booked]")).to_be_visible()
