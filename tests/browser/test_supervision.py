"""V1 in Chromium against the real server, on a phone-sized screen: the inspector records a
finding at window 4 with a photo from the camera input; the 人社 head sees it due, says what
was done; the office checks it. The photo shows as a thumbnail all the way."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from hall.core.demo import DEMO_PASSWORD, seed_demo
from hall.core.models import Window
from hall.supervision.choices import FindingStatus
from hall.supervision.models import Finding
from tests.servers import hall_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 780}, "is_mobile": True, "has_touch": True}


def on_phone(browser: Browser, base: str, username: str, next_path: str) -> Page:
    page = browser.new_context(locale="zh-CN", **PHONE).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    return page


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def thumbnail_loaded(page: Page) -> None:
    image = page.locator(".thumbs img").first
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 64


def test_a_finding_with_a_photo_is_rectified_by_the_head_and_checked_by_another(
    browser: Browser,
):
    seed_demo()
    window = Window.objects.get(hall__code="demo", number=4)  # 社保登记, the 人社 department's
    with hall_server() as base:
        inspector = on_phone(browser, base, "ducha", "/supervision/demo/")
        inspector.get_by_role("button", name="开始办理").click()
        inspector.get_by_label("桌面整洁").check()
        inspector.get_by_label("窗口", exact=True).select_option(str(window.pk))
        inspector.get_by_label("发现的问题").fill("桌面堆放私人物品")
        inspector.get_by_label("照片（拍照）").set_input_files(
            {"name": "desk.png", "mimeType": "image/png", "buffer": png()}
        )
        inspector.get_by_role("button", name="登记").click()
        expect(inspector.locator("[data-finding]")).to_contain_text("桌面堆放私人物品")
        thumbnail_loaded(inspector)
        # Nothing is wider than the phone.
        assert inspector.evaluate("document.documentElement.scrollWidth") <= 390

        head = on_phone(browser, base, "kezhang", "/supervision/demo/findings/")
        row = head.locator("tr[data-finding]").filter(has_text="桌面堆放私人物品")
        expect(row).to_contain_text(
            Finding.objects.get(note="桌面堆放私人物品").rectify_due.isoformat()
        )
        thumbnail_loaded(head)
        assert head.evaluate("document.documentElement.scrollWidth") <= 390  # a card a finding
        row.get_by_placeholder("整改情况").fill("已清理桌面，班前检查")
        row.get_by_role("button", name="已整改").click()
        expect(row).to_contain_text("已清理桌面")
        expect(row.get_by_role("button", name="复核：已整改")).to_have_count(0)  # not her own

        office = on_phone(browser, base, "guanli", "/supervision/demo/findings/")
        row = office.locator("tr[data-finding]").filter(has_text="桌面堆放私人物品")
        row.get_by_role("button", name="复核：已整改").click()
        expect(row).to_contain_text("已复核")
    finding = Finding.objects.get(note="桌面堆放私人物品")
    assert finding.status == FindingStatus.CHECKED
    assert finding.rectified_by.username == "kezhang" and finding.checked_by.username == "guanli"
