"""Queue pages through the Django test client: kiosk, slip, workstation, reception."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from hall.core.choices import WindowState
from hall.core.hours import half_day_of
from hall.core.models import AuditRecord
from hall.core.roles import Role
from hall.core.services import window_set_state
from hall.queueing import services
from hall.queueing.models import Ticket
from hall.queueing.selectors import own_figures
from hall.rostering.models import Assignment, Roster
from hall.staff.models import StaffProfile
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.queueing.conftest import set_rules

pytestmark = pytest.mark.django_db

# The smallest PNG (1×1), as a staff photo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def test_kiosk_lists_categories_and_a_touch_prints_a_slip(qhall):
    page = Client().get("/kiosk/q/").content.decode()
    assert "户籍业务" in page and "社保业务" in page
    taken = Client().post("/kiosk/q/take/", {"category": "household"})
    ticket = Ticket.objects.get()
    assert taken.status_code == 302
    assert taken["Location"] == f"/slip/{ticket.follow_token}/?print=1&back=q"
    slip = Client().get(taken["Location"]).content.decode()
    assert "A001" in slip and "<svg" in slip and "您前面还有 0 人" in slip
    assert "请在 A区 等候，1、3 号窗口办理" in slip  # where to wait, which windows serve it


@time_machine.travel("2026-11-02 10:00:30 +0800", tick=False)  # counts within one minute
def test_the_kiosk_page_is_rate_limited_for_anonymous_clients(qhall):
    set_rules(qhall.hall, anonymous_tickets_per_minute=1)
    assert Client().post("/kiosk/q/take/", {"category": "household"}).status_code == 302
    refused = Client().post("/kiosk/q/take/", {"category": "household"})
    assert refused.status_code == 429
    assert "取号过于频繁" in refused.content.decode()
    assert Ticket.objects.count() == 1


def test_workstation_is_for_the_windows_staff_only(qhall):
    Client().post("/kiosk/q/take/", {"category": "household"})
    clerk = logged_in(qhall.clerk)
    assert clerk.get("/window/q/1/").status_code == 200
    called = clerk.post("/window/q/1/call-next/", HTTP_HX_REQUEST="true").content.decode()
    assert "data-current-number>A001<" in called
    outsider = logged_in(UserFactory(username="outsider", hall=qhall.hall, role=Role.WINDOW_STAFF))
    assert outsider.get("/window/q/1/").status_code == 403
    assert outsider.post("/window/q/1/finish/").status_code == 403
    assert Ticket.objects.get().status == "called"


def test_workstation_finishes_and_calls_next_with_one_key(qhall):
    for _ in range(2):
        Client().post("/kiosk/q/take/", {"category": "household"})
    clerk = logged_in(qhall.clerk)
    clerk.post("/window/q/1/call-next/", HTTP_HX_REQUEST="true")
    first = Ticket.objects.get(number="A001")
    desk = clerk.post("/window/q/1/start/", HTTP_HX_REQUEST="true").content.decode()
    assert "finish-and-call-next" in desk
    desk = clerk.post(
        "/window/q/1/finish-and-call-next/", {"ticket": first.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "data-current-number>A002<" in desk
    assert Ticket.objects.get(pk=first.pk).status == "done"
    bad = clerk.post("/window/q/1/finish-and-call-next/", {"ticket": "A001"})
    assert bad.status_code == 404


def test_a_button_of_the_desk_state_is_answered_with_that_part_and_my_day(qhall):
    """The line is left as it was (its counts are pushed); my day comes along when a number
    was closed."""
    for _ in range(2):
        Client().post("/kiosk/q/take/", {"category": "household"})
    clerk = logged_in(qhall.clerk)
    state = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "desk-state"}
    called = clerk.post("/window/q/1/call-next/", **state).content.decode()
    assert 'id="desk-state"' in called and 'id="desk-line"' not in called
    assert "data-current-number>A001<" in called
    first = Ticket.objects.get(number="A001")
    started = clerk.post("/window/q/1/start/", **state).content.decode()
    assert 'id="desk-day"' not in started  # nothing closed: my day is as it was
    answer = clerk.post("/window/q/1/finish-and-call-next/", {"ticket": first.pk}, **state)
    answer = answer.content.decode()
    assert "data-current-number>A002<" in answer
    assert re.search(r'id="desk-day" class="card" hx-swap-oob="true">', answer)
    assert re.search(r"data-served>1<", answer)


def test_reception_needs_a_reason_for_a_priority(qhall):
    desk = logged_in(UserFactory(username="desk", hall=qhall.hall, role=Role.RECEPTION))
    refused = desk.post(
        "/reception/q/", {"category": "household", "priority": "urgent", "mobile": "13800138000"}
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "导服台给予优先须填写原因。" in page
    assert 'value="13800138000"' in page and "取号并打印" in page  # the form, as it was typed
    assert not Ticket.objects.exists()
    issued = desk.post(
        "/reception/q/", {"category": "household", "priority": "urgent", "priority_reason": "孕妇"}
    )
    assert issued.status_code == 302
    assert Ticket.objects.get().priority_reason == "孕妇"


def test_boards_are_public_and_show_no_names(qhall):
    page = Client().get("/board/q/").content.decode()
    assert 'data-board="q"' in page
    assert Client().get("/board/q/window/3/").status_code == 200
    assert Client().get("/board/q/window/99/").status_code == 404


def test_the_desk_offers_a_no_show_only_when_allowed_and_counts_it(qhall):
    """过号 is offered after the hall's calls (two by default), with the calls still needed
    shown until then; my day counts it even when the ticket goes back in the queue."""
    Client().post("/kiosk/q/take/", {"category": "household"})
    clerk = logged_in(qhall.clerk)
    desk = clerk.post("/window/q/1/call-next/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-key="x"' not in desk
    assert 'data-recalls-left="2"' in desk and "再呼叫 2 次后可过号" in desk
    clerk.post("/window/q/1/recall/", HTTP_HX_REQUEST="true")
    desk = clerk.post("/window/q/1/recall/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-key="x"' in desk and "data-recalls-left" not in desk
    desk = clerk.post("/window/q/1/no-show/", HTTP_HX_REQUEST="true").content.decode()
    assert Ticket.objects.get().status == "waiting"  # back in the queue (the hall's rule)
    assert re.search(r"过号</span>\s*<strong>1</strong>", desk)


def test_a_window_screen_shows_its_business_badge_number_and_pause(qhall, settings, tmp_path):
    """窗口屏: the window's number and businesses, the 工作标牌 (name, staff number, photo) of
    who is on duty by the approved roster, the number at it, and the pause with its reason."""
    settings.MEDIA_ROOT = tmp_path
    now = timezone.localtime()
    day, period = half_day_of(qhall.hall, now)
    qhall.clerk.full_name, qhall.clerk.staff_number = "小明", "A0123"
    qhall.clerk.save()
    roster = Roster.objects.create(
        hall=qhall.hall, department=qhall.police, month=day.replace(day=1), status="approved"
    )
    Assignment.objects.create(
        roster=roster, date=day, period=period, window=qhall.windows[1], staff=qhall.clerk, post="A"
    )
    profile = StaffProfile.objects.create(user=qhall.clerk, department=qhall.police)
    profile.photo.save("clerk.png", ContentFile(PNG))

    Client().post("/kiosk/q/take/", {"category": "household"})
    services.ticket_call_next(window=qhall.windows[1], actor=qhall.clerk)
    page = Client().get("/board/q/window/1/").content.decode()
    assert "1 号窗口" in page and "户籍业务" in page
    assert "小明" in page and "A0123" in page and "A001" in page
    photo = Client().get("/board/q/window/1/photo/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG
    assert Client().get("/board/q/window/2/").content.decode().count("小明") == 0
    assert Client().get("/board/q/window/2/photo/").status_code == 404  # nobody on duty

    window_set_state(
        actor=None, window=qhall.windows[2], state=WindowState.PAUSED, reason="系统维护"
    )
    page = Client().get("/board/q/window/2/").content.decode()
    assert "暂停服务" in page and "系统维护" in page and "社保业务" in page


def test_the_office_sets_the_notice_the_boards_scroll(qhall):
    head = UserFactory(username="head", hall=qhall.hall, role=Role.HALL_ADMIN)
    office = logged_in(head)
    office.post("/halls/q/notice/", {"text": "  今日16:00停止取号  "})
    assert "今日16:00停止取号" in Client().get("/board/q/").content.decode()
    assert AuditRecord.objects.filter(action="hall.notice_set").exists()
    refused = logged_in(qhall.clerk).post("/halls/q/notice/", {"text": "x"})
    assert refused.status_code == 403
    office.post("/halls/q/notice/", {"text": ""})
    assert "data-notice hidden" in Client().get("/board/q/").content.decode()


def test_my_day_counts_who_i_served_and_for_how_long_on_average(qhall):
    """The desk's 我的今日: served today by me, and the mean minutes from start to finish."""
    for _ in range(3):
        Client().post("/kiosk/q/take/", {"category": "household"})
    window = qhall.windows[1]
    start = timezone.now()
    for minutes in (4, 8):
        with time_machine.travel(start, tick=False):
            ticket = services.ticket_call_next(window=window, actor=qhall.clerk)
            services.ticket_start(ticket=ticket, actor=qhall.clerk)
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            services.ticket_finish(ticket=Ticket.objects.get(pk=ticket.pk), actor=qhall.clerk)
    mine = own_figures(user_id=qhall.clerk.pk, day=timezone.localdate(start))
    assert (mine.served, mine.no_shows, mine.average_minutes) == (2, 0, 6.0)
    nobody = own_figures(user_id=qhall.clerk.pk + 1000, day=timezone.localdate(start))
    assert (nobody.served, nobody.average_minutes) == (0, 0.0)
