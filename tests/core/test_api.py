"""The API root: OpenAPI document, local docs, health, and the error mapping (X6, X4)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from hall.core.services import api_token_create

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_the_endpoints():
    document = Client().get("/api/openapi.json").json()
    assert document["info"]["title"] == "Hall API"
    for path in [
        "/api/v1/health",
        "/api/v1/halls/{hall}/windows/{number}",
        "/api/v1/calendar/due",
        "/api/v1/halls/{hall}/departments",
    ]:
        assert path in document["paths"]


def test_docs_page_loads_nothing_from_the_internet():
    page = Client().get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert not re.search(r"(src|href)=\"https?://", page)


def test_health_needs_no_login():
    response = Client().get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


def _client(user) -> Client:
    _token, key = api_token_create(actor=None, user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_due_date_endpoint_agrees_with_the_cli(admin_a):
    body = _client(admin_a).get("/api/v1/calendar/due?start=2026-09-30&working_days=5").json()
    assert body == {
        "start": "2026-09-30",
        "working_days": 5,
        "due_date": "2026-10-13",
        "unconfirmed_years": [],
    }


def test_calendar_day_endpoint(admin_a):
    assert _client(admin_a).get("/api/v1/calendar/days/2026-10-10").json() == {
        "date": "2026-10-10",
        "is_workday": True,
        "is_confirmed": True,
        "name": "国庆节",
    }


def test_malformed_input_is_a_422_with_a_chinese_message(admin_a):
    response = _client(admin_a).get("/api/v1/calendar/due?start=2026-02-30&working_days=5")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["message"] == "输入内容不正确。"
    assert (
        _client(admin_a).get("/api/v1/calendar/due?start=2026-02-01&working_days=-1").status_code
        == 422
    )


def test_messages_follow_accept_language(admin_b, window_b1):
    response = _client(admin_b).put(
        "/api/v1/halls/hall-b/windows/1/state",
        json.dumps({"state": "paused"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json() == {"code": "reason_required", "message": "Please give a reason."}


def test_departments_endpoint_lists_the_codes(admin_a):
    from tests.factories import DepartmentFactory

    DepartmentFactory(hall=admin_a.hall, code="police", name="公安户籍")
    assert _client(admin_a).get("/api/v1/halls/hall-a/departments").json() == [
        {"code": "police", "name": "公安户籍"}
    ]


def test_window_list_takes_a_fixed_number_of_queries(admin_a, django_assert_num_queries):
    from tests.factories import WindowFactory

    for number in range(1, 21):
        WindowFactory(hall=admin_a.hall, number=number)
    client = _client(admin_a)
    client.get("/api/v1/halls/hall-a/windows")  # warm the token's last-used stamp
    with django_assert_num_queries(2):  # the windows, their departments
        response = client.get("/api/v1/halls/hall-a/windows")
    assert [w["number"] for w in response.json()] == list(range(1, 21))
