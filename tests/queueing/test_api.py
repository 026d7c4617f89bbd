"""The queue API: the contract of issue #3, with wrong states as 4xx that change nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from hall.core.roles import Role
from hall.queueing.models import Ticket, TicketEvent
from tests.factories import HallFactory, UserFactory
from tests.http import bearer, post
from tests.queueing.conftest import set_rules

pytestmark = pytest.mark.django_db


def test_anonymous_kiosk_issue_returns_the_ticket(qhall):
    response = post(
        Client(), "/api/v1/halls/q/tickets", {"category": "household", "channel": "kiosk"}
    )
    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k] for k in ("number", "category", "status", "position", "estimated_wait_minutes")
    } == {
        "number": "A001",
        "category": "household",
        "status": "waiting",
        "position": 1,
        "estimated_wait_minutes": 0,
    }
    # The hall's public address, never the Host header the client sent.
    assert body["follow_url"].startswith("http://127.0.0.1:8000/t/")
    assert Ticket.objects.get(pk=body["id"]).issued_by is None


@time_machine.travel("2026-11-02 10:00:30 +0800", tick=False)  # counts within one minute
def test_anonymous_clients_are_rate_limited_staff_are_not(qhall):
    set_rules(qhall.hall, anonymous_tickets_per_minute=3)
    statuses = [
        post(Client(), "/api/v1/halls/q/tickets", {"category": "household"}).status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    assert Ticket.objects.count() == 3
    device = UserFactory(hall=qhall.hall, role=Role.DEVICE)
    kiosk = bearer(device)
    assert [
        post(kiosk, "/api/v1/halls/q/tickets", {"category": "household"}).status_code
        for _ in range(5)
    ] == [201] * 5


def test_anonymous_may_not_use_the_reception_channel(qhall):
    response = post(
        Client(),
        "/api/v1/halls/q/tickets",
        {
            "category": "household",
            "channel": "reception",
            "priority": "urgent",
            "priority_reason": "x",
        },
    )
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_reception_gives_a_priority_with_a_reason(qhall):
    desk = bearer(UserFactory(hall=qhall.hall, role=Role.RECEPTION))
    missing = post(
        desk,
        "/api/v1/halls/q/tickets",
        {"category": "household", "channel": "reception", "priority": "urgent"},
    )
    assert (missing.status_code, missing.json()["code"]) == (422, "priority_reason_required")
    given = post(
        desk,
        "/api/v1/halls/q/tickets",
        {
            "category": "household",
            "channel": "reception",
            "priority": "urgent",
            "priority_reason": "孕妇",
        },
    )
    assert (given.status_code, given.json()["priority"]) == (201, "urgent")


def test_unknown_category_is_404_in_chinese(qhall):
    response = post(Client(), "/api/v1/halls/q/tickets", {"category": "nope"})
    assert response.status_code == 404
    assert response.json() == {"code": "category_not_found", "message": "本大厅没有这个业务类别。"}


def test_call_next_then_the_ticket_actions(qhall):
    post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    clerk = bearer(qhall.clerk)
    called = post(clerk, "/api/v1/halls/q/windows/1/call-next")
    assert called.status_code == 200
    ticket_id = called.json()["id"]
    assert (called.json()["status"], called.json()["window"]) == ("called", 1)
    assert post(clerk, f"/api/v1/tickets/{ticket_id}/recall").json()["status"] == "called"
    assert post(clerk, f"/api/v1/tickets/{ticket_id}/start").json()["status"] == "serving"
    assert post(clerk, f"/api/v1/tickets/{ticket_id}/finish").json()["status"] == "done"
    assert post(clerk, "/api/v1/halls/q/windows/1/call-next").status_code == 204


def test_call_next_finishing_the_current_ticket(qhall):
    for _ in range(2):
        post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    clerk = bearer(qhall.clerk)
    first = post(clerk, "/api/v1/halls/q/windows/1/call-next").json()
    busy = post(clerk, "/api/v1/halls/q/windows/1/call-next")
    assert (busy.status_code, busy.json()["code"]) == (409, "window_busy")
    second = post(clerk, f"/api/v1/halls/q/windows/1/call-next?finish={first['id']}")
    assert (second.status_code, second.json()["number"]) == (200, "A002")
    repeated = post(clerk, f"/api/v1/halls/q/windows/1/call-next?finish={first['id']}")
    assert (repeated.status_code, repeated.json()["code"]) == (409, "ticket_wrong_state")
    missing = post(clerk, "/api/v1/halls/q/windows/1/call-next?finish=999999")
    assert missing.status_code == 404
    assert Ticket.objects.get(pk=second.json()["id"]).status == "called"


def test_wrong_states_are_4xx_with_a_code_and_change_nothing(qhall):
    ticket_id = post(Client(), "/api/v1/halls/q/tickets", {"category": "household"}).json()["id"]
    clerk = bearer(qhall.clerk)
    events_before = TicketEvent.objects.count()
    never_called = post(clerk, f"/api/v1/tickets/{ticket_id}/finish")
    assert (never_called.status_code, never_called.json()["code"]) == (409, "ticket_wrong_state")
    assert post(clerk, "/api/v1/halls/q/windows/1/pause", {"reason": "培训"}).status_code == 200
    paused = post(clerk, "/api/v1/halls/q/windows/1/call-next")
    assert (paused.status_code, paused.json()["code"]) == (409, "window_not_open")
    assert paused.json()["message"] == "窗口未开放（已暂停或关闭），不能叫号。"
    assert Ticket.objects.get(pk=ticket_id).status == "waiting"
    assert TicketEvent.objects.count() == events_before


def test_a_ticket_of_another_hall_is_not_found(qhall):
    ticket_id = post(Client(), "/api/v1/halls/q/tickets", {"category": "household"}).json()["id"]
    other = HallFactory(code="other")
    stranger = bearer(UserFactory(hall=other, role=Role.WINDOW_STAFF))
    assert post(stranger, f"/api/v1/tickets/{ticket_id}/finish").status_code == 404
    assert post(stranger, "/api/v1/halls/q/windows/1/call-next").status_code == 404
    assert Ticket.objects.get(pk=ticket_id).status == "waiting"


def test_staff_of_another_department_may_not_call_at_the_window(qhall):
    post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    outsider = bearer(UserFactory(hall=qhall.hall, role=Role.WINDOW_STAFF))  # no department
    response = post(outsider, "/api/v1/halls/q/windows/1/call-next")
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed_at_window")


def test_who_may_call_is_remembered_only_until_their_departments_change(qhall):
    for _ in range(2):
        post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    clerk = bearer(qhall.clerk)
    called = post(clerk, "/api/v1/halls/q/windows/1/call-next").json()
    qhall.clerk.departments.clear()  # moved away from the window's department
    response = post(clerk, f"/api/v1/halls/q/windows/1/call-next?finish={called['id']}")
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed_at_window")
    assert Ticket.objects.get(pk=called["id"]).status == "called"
    assert Ticket.objects.filter(status="waiting").count() == 1


def test_transfer_and_no_show_through_the_api(qhall):
    post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    clerk = bearer(qhall.clerk)
    ticket_id = post(clerk, "/api/v1/halls/q/windows/1/call-next").json()["id"]
    early = post(clerk, f"/api/v1/tickets/{ticket_id}/no-show")
    assert (early.status_code, early.json()["code"]) == (409, "recalls_required")
    moved = post(clerk, f"/api/v1/tickets/{ticket_id}/transfer", {"category": "social"})
    assert (moved.json()["status"], moved.json()["category"], moved.json()["number"]) == (
        "waiting",
        "social",
        "A001",
    )
    neither = post(clerk, f"/api/v1/tickets/{ticket_id}/transfer", {})
    assert neither.status_code == 409  # a waiting ticket is not at a window any more


def test_queue_status_lists_every_category_and_window(qhall, django_assert_num_queries):
    post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    post(bearer(qhall.clerk), "/api/v1/halls/q/windows/1/call-next")
    with django_assert_num_queries(5):
        body = Client().get("/api/v1/halls/q/queue").json()
    assert body["waiting"] == {"household": 1, "social": 0}
    assert body["windows"] == [
        {"number": 1, "state": "open", "current_ticket": "A001"},
        {"number": 2, "state": "open", "current_ticket": None},
        {"number": 3, "state": "open", "current_ticket": None},
    ]
    assert [(c["number"], c["window"], c["text"]) for c in body["recent_calls"]] == [
        ("A001", 1, "请 A001 号到 1 号窗口办理")
    ]


def test_follow_endpoint_and_page_need_only_the_token(qhall):
    body = post(Client(), "/api/v1/halls/q/tickets", {"category": "household"}).json()
    token = body["follow_url"].rsplit("/", 1)[1]
    assert Client().get(f"/api/v1/follow/{token}").json()["number"] == "A001"
    page = Client().get(f"/t/{token}")
    assert page.status_code == 200
    assert "A001" in page.content.decode()
    assert Client().get("/t/not-a-token").status_code == 404


def test_call_next_helping_another_window_needs_leave_to_serve_there(qhall):
    set_rules(qhall.hall, help_threshold=1)
    for _ in range(2):
        post(Client(), "/api/v1/halls/q/tickets", {"category": "social"})
    clerk = bearer(qhall.clerk)  # police: window 1 only; windows 2 and 3 have no department
    helped = post(clerk, "/api/v1/halls/q/windows/1/call-next?help_for=2")
    assert helped.status_code == 200 and helped.json()["category"] == "social"
    outsider = UserFactory(username="other", hall=qhall.hall, role=Role.WINDOW_STAFF)
    from tests.factories import DepartmentFactory

    outsider.departments.add(DepartmentFactory(hall=qhall.hall, code="tax"))
    qhall.windows[2].departments.add(qhall.police)
    assert (
        post(bearer(outsider), "/api/v1/halls/q/windows/3/call-next?help_for=2").status_code == 403
    )


def test_a_number_is_called_out_of_order_through_the_api_with_its_reason(qhall):
    post(Client(), "/api/v1/halls/q/tickets", {"category": "household"})
    second = post(Client(), "/api/v1/halls/q/tickets", {"category": "household"}).json()
    clerk = bearer(qhall.clerk)
    path = f"/api/v1/halls/q/windows/1/call/{second['id']}"
    assert post(clerk, path, {"reason": ""}).status_code == 422
    called = post(clerk, path, {"reason": "孕妇优先"})
    assert called.status_code == 200
    assert (called.json()["number"], called.json()["status"]) == ("A002", "called")
