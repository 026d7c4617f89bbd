"""Scoping (X1): a user of one hall can neither see nor change another hall's records."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hall.core.choices import WindowState
from hall.core.models import AuditRecord, User, Window
from hall.core.roles import Role
from hall.core.services import api_token_create
from tests.conftest import logged_in
from tests.factories import UserFactory, WindowFactory

pytestmark = pytest.mark.django_db


def _unchanged(window: Window) -> None:
    fresh = Window.objects.get(pk=window.pk)
    assert (fresh.state, fresh.state_reason) == (WindowState.OPEN, "")
    assert not AuditRecord.objects.filter(action="window.state_changed").exists()


def test_other_halls_window_page_is_not_found_and_a_post_changes_nothing(admin_a, window_b1):
    client = logged_in(admin_a)
    assert client.get("/halls/hall-b/windows/1/").status_code == 404
    response = client.post("/halls/hall-b/windows/1/", {"state": "closed", "reason": "x"})
    assert response.status_code == 404
    _unchanged(window_b1)


def test_other_halls_window_through_the_api_is_not_found_and_a_put_changes_nothing(
    admin_a, window_b1
):
    _token, key = api_token_create(actor=None, user=admin_a, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.get("/api/v1/halls/hall-b/windows/1")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = client.put(
        "/api/v1/halls/hall-b/windows/1/state",
        json.dumps({"state": "closed", "reason": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    _unchanged(window_b1)
    assert client.get("/api/v1/halls/hall-b").status_code == 404
    assert [h["code"] for h in client.get("/api/v1/halls").json()] == ["hall-a"]


def test_the_halls_own_administrator_changes_the_state_with_an_audit(admin_b, window_b1):
    client = logged_in(admin_b)
    response = client.post("/halls/hall-b/windows/1/", {"state": "paused", "reason": "系统维护"})
    assert response.status_code == 200
    window = Window.objects.get(pk=window_b1.pk)
    assert (window.state, window.state_reason) == ("paused", "系统维护")
    record = AuditRecord.objects.get(action="window.state_changed")
    assert (record.actor, record.hall, record.changes["state"], record.via) == (
        admin_b,
        window.hall,
        ["open", "paused"],
        "web",
    )


def test_staff_of_the_same_hall_without_the_permission_get_403_and_nothing_changes(
    hall_b, window_b1
):
    clerk = UserFactory(hall=hall_b, role=Role.WINDOW_STAFF)
    _token, key = api_token_create(actor=None, user=clerk, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/halls/hall-b/windows/1").status_code == 200
    response = client.put(
        "/api/v1/halls/hall-b/windows/1/state",
        json.dumps({"state": "closed", "reason": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "message": "您无权执行此操作。"}
    _unchanged(window_b1)


def test_pausing_without_a_reason_is_refused_in_chinese(admin_b, window_b1):
    _token, key = api_token_create(actor=None, user=admin_b, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.put(
        "/api/v1/halls/hall-b/windows/1/state",
        json.dumps({"state": "paused"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {"code": "reason_required", "message": "请填写原因。"}
    _unchanged(window_b1)


def test_system_administrator_sees_every_hall(hall_a, hall_b):
    root = UserFactory(hall=None, role=Role.SYSTEM_ADMIN)
    _token, key = api_token_create(actor=None, user=root, name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert [h["code"] for h in client.get("/api/v1/halls").json()] == ["hall-a", "hall-b"]


def test_api_without_credentials_is_401_and_a_bad_token_too(window_b1):
    assert Client().get("/api/v1/halls/hall-b/windows/1").status_code == 401
    response = Client(HTTP_AUTHORIZATION="Bearer hall_nonsense").get("/api/v1/halls")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_no_longer_works(admin_a):
    from hall.core.services import api_token_revoke

    token, key = api_token_create(actor=None, user=admin_a, name="kiosk")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/me").json()["username"] == "admin-a"
    api_token_revoke(actor=None, token=token)
    assert client.get("/api/v1/me").status_code == 401


def test_a_token_follows_its_user_at_once(admin_a):
    """The token's user is remembered for a few seconds, but a change in this process shows."""
    _token, key = api_token_create(actor=None, user=admin_a, name="kiosk")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/me").json()["roles"] == ["hall_admin"]
    admin_a.groups.clear()
    assert client.get("/api/v1/me").json()["roles"] == []
    admin_a.is_active = False
    admin_a.save()
    assert client.get("/api/v1/me").status_code == 401


def test_a_remembered_user_is_read_again_after_its_time(admin_a, monkeypatch):
    from hall.core import memo

    _token, key = api_token_create(actor=None, user=admin_a, name="kiosk")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/me").status_code == 200
    User.objects.filter(pk=admin_a.pk).update(is_active=False)  # no signal: another process
    assert client.get("/api/v1/me").status_code == 200  # still remembered here
    later = memo.time.monotonic() + 60
    monkeypatch.setattr(memo.time, "monotonic", lambda: later)
    assert client.get("/api/v1/me").status_code == 401


def test_session_api_calls_need_the_csrf_token(admin_b, window_b1):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_b)
    response = client.put(
        "/api/v1/halls/hall-b/windows/1/state",
        json.dumps({"state": "closed", "reason": "下班"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    _unchanged(window_b1)


def test_pages_need_a_login(window_b1):
    response = Client().get("/halls/hall-b/windows/1/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_dashboard_lists_only_the_users_hall(admin_a, hall_b):
    WindowFactory(hall=admin_a.hall, number=7, label="甲区七号")
    WindowFactory(hall=hall_b, number=8, label="乙区八号")
    page = logged_in(admin_a).get("/dashboard/").content.decode()
    assert "甲区七号" in page and "乙区八号" not in page
    assert logged_in(admin_a).get("/dashboard/?hall=hall-b").status_code == 404
