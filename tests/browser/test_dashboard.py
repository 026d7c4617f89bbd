"""A hall administrator logs in and sees the Chinese dashboard shell."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hall.core.demo import DEMO_PASSWORD, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hall_administrator_logs_in_and_sees_the_dashboard(live_server, page: Page):
    seed_demo()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("用户名").fill("guanli")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="东湖区政务服务中心 工作台")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="主菜单").get_by_role("link", name="工作日历")
    ).to_be_visible()
    expect(page.locator(".window")).to_have_count(24)
    expect(page.locator(".window.state-paused")).to_contain_text("14")
    expect(page.get_by_text("王建国")).to_be_visible()
    # htmx came from the hall's own server and is running
    assert page.evaluate("typeof htmx") == "object"


def test_window_state_changes_in_place_after_confirmation(live_server, page: Page):
    seed_demo()
    page.goto(f"{live_server.url}/accounts/login/?next=/halls/demo/windows/6/")
    page.get_by_label("用户名").fill("guanli")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("状态: 关闭")).to_be_visible()
    page.locator("select[name=state]").select_option("open")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#window-state .state-line strong")).to_have_text("开放")
    from hall.core.models import Window

    assert Window.objects.get(hall__code="demo", number=6).state == "open"
