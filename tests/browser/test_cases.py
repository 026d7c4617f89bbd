"""Window staff receive materials, the case opens, is accepted, and its receipt prints."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hall.cases.models import Case
from hall.catalog.selectors import current_version
from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.core.models import Hall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def birth_registration() -> int:
    return current_version(Hall.objects.get(code="demo"), "hukou-birth").pk


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/?next=/cases/new/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/cases/new/")
    page.wait_for_load_state("load")  # htmx has set up the page


def test_intake_accept_and_print_the_receipt(live_server, page: Page):
    seed_demo()
    log_in(page, live_server.url, "chuangkou")
    expect(page.get_by_role("heading", name="收件（新办件）")).to_be_visible()
    page.locator("select[name=service]").select_option(str(birth_registration()))
    expect(page.get_by_text("出生医学证明")).to_be_visible()  # the list came by htmx
    for code in ("household-register", "birth-cert", "parents-id"):
        page.locator(f"input[name=materials][value={code}]").check()
    page.get_by_label("姓名或企业名称").fill("吴桐")
    page.get_by_label("身份证号码").fill("11010519491231002X")
    page.get_by_label("手机").fill("13812345678")
    page.get_by_role("button", name="收件", exact=True).click()

    expect(page).to_have_url(re.compile(r"/cases/DEMO\d{12}/$"))
    number = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.locator(".status-pill")).to_have_text("已收件")
    expect(page.get_by_text("吴*")).to_be_visible()
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.locator(".status-pill")).to_have_text("已受理")
    assert Case.objects.get(number=number).status == "accepted"

    with page.expect_popup() as popup:
        page.get_by_role("link", name="受理回执").click()
    receipt = popup.value
    expect(receipt.get_by_role("heading", name="受理回执")).to_be_visible()
    expect(receipt.get_by_text(number).first).to_be_visible()
    expect(receipt.locator(".qr svg")).to_be_visible()


def test_a_bad_id_number_is_shown_and_nothing_is_created(live_server, page: Page):
    seed_demo()
    before = Case.objects.count()
    log_in(page, live_server.url, "chuangkou")
    page.locator("select[name=service]").select_option(str(birth_registration()))
    page.get_by_label("姓名或企业名称").fill("吴桐")
    page.get_by_label("身份证号码").fill("110105194912310021")
    page.get_by_role("button", name="收件", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("身份证")
    assert Case.objects.count() == before
