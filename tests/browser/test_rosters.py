"""A department head proposes next month's roster in Chromium and sees the grid filled."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.rostering.models import Roster

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_proposes_the_month_and_the_grid_fills(live_server, page: Page):
    seed_demo()
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    url = f"/rosters/police/{month:%Y-%m}/"
    page.goto(f"{live_server.url}/accounts/login/?next={url}")
    page.get_by_label("用户名").fill("head-police")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{url}")
    page.wait_for_load_state("load")
    expect(page.locator("td.gap").first).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="自动排班").click()
    expect(page.get_by_text("0 个窗口半天无人值守")).to_be_visible(timeout=20_000)
    expect(page.locator("td.gap")).to_have_count(0)
    roster = Roster.objects.get(department__code="police", month=month)
    assert roster.assignments.filter(window__isnull=False).exists()

    # A cell set to someone already at another window that half-day is refused; the list
    # shows again who is really there, not the refused name.
    first = roster.assignments.filter(window__isnull=False).order_by("date", "period").first()
    other = (
        roster.assignments.filter(date=first.date, period=first.period, window__isnull=False)
        .exclude(window=first.window)
        .first()
    )
    cell = page.get_by_label(f"{first.window.number} {first.date:%m-%d} {first.period}", exact=True)
    cell.select_option(str(other.staff.pk))
    expect(page.locator("#messages .message.error")).to_be_visible()
    expect(cell).to_have_value(str(first.staff.pk))
