"""Bounded and cleaned input (ARCHITECTURE.md "Bounded input"), and every error answer in
one translated shape: bad input changes nothing and is never a server error."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hall.core.inputs import clean_text
from hall.core.models import AuditRecord, Window
from tests.conftest import logged_in
from tests.http import bearer, post

pytestmark = pytest.mark.django_db

RIGHT_TO_LEFT_OVERRIDE = "\u202e"
ZERO_WIDTH_SPACE = "\u200b"


def test_clean_text_removes_what_reverses_or_hides_text_and_keeps_the_rest():
    assert clean_text("张三") == "张三"
    assert clean_text(f"张{RIGHT_TO_LEFT_OVERRIDE}三{ZERO_WIDTH_SPACE}") == "张三"
    assert clean_text("a\u2066b\u2069c\ufeff") == "abc"  # isolates, byte-order mark
    assert clean_text("第一行\r\n第二行\t完") == "第一行\r\n第二行\t完"
    assert clean_text("阿依古丽·买买提 ") == "阿依古丽·买买提 "  # the middle dot is a letter's
    assert clean_text("bell\x07 escape\x1b del\x7f") == "bell escape del"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/follow/X%00Y", "/api/v1/halls/hall-b/queue?x=%00"],
)
def test_a_nul_in_an_api_path_or_query_is_refused_in_the_api_shape(path):
    response = Client().get(path)
    assert response.status_code == 400
    assert response.json()["code"] == "unsafe_characters"


def test_a_nul_in_a_page_path_is_refused_with_a_chinese_page():
    response = Client().get("/t/x%00y")
    assert response.status_code == 400
    assert "不允许的字符" in response.content.decode()


def test_a_nul_in_a_json_body_is_refused_and_changes_nothing(admin_b, window_b1):
    client = bearer(admin_b)
    before = AuditRecord.objects.count()
    response = post(client, "/api/v1/halls/hall-b/windows/1/pause", {"reason": "午\u0000休"})
    assert response.status_code == 400
    assert response.json()["code"] == "unsafe_characters"
    assert Window.objects.get(pk=window_b1.pk).state == "open"
    assert AuditRecord.objects.count() == before


def test_bidi_and_zero_width_characters_never_reach_the_database(admin_b, window_b1):
    client = bearer(admin_b)
    reason = f"{RIGHT_TO_LEFT_OVERRIDE}午休{ZERO_WIDTH_SPACE}"
    response = post(client, "/api/v1/halls/hall-b/windows/1/pause", {"reason": reason})
    assert response.status_code == 200, response.content
    assert Window.objects.get(pk=window_b1.pk).state_reason == "午休"


def test_form_values_are_cleaned_the_same_way(admin_b, window_b1):
    client = logged_in(admin_b)
    client.post(
        "/halls/hall-b/windows/1/",
        {"state": "paused", "reason": f"培训{RIGHT_TO_LEFT_OVERRIDE}"},
    )
    assert Window.objects.get(pk=window_b1.pk).state_reason == "培训"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/halls/hall-b/windows/99999999999999999999",
        "/api/v1/halls/hall-b/windows/0",
        "/api/v1/tickets/99999999999999999999999/finish",
    ],
)
def test_numbers_beyond_their_column_are_invalid_input_not_server_errors(admin_b, path):
    client = bearer(admin_b)
    response = client.post(path) if path.endswith("finish") else client.get(path)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_a_page_address_with_a_huge_number_is_not_found(admin_b):
    response = logged_in(admin_b).get("/halls/hall-b/windows/99999999999999999999/")
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["start=9999-12-31&working_days=1", "start=2099-12-01&working_days=40"],
)
def test_a_due_date_beyond_the_calendar_is_refused_with_the_range(admin_b, query):
    response = bearer(admin_b).get(f"/api/v1/calendar/due?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "date_out_of_range"
    assert "2099-12-31" in body["message"]


def test_the_calendar_page_says_what_is_wrong_without_field_names(admin_b):
    page = (
        logged_in(admin_b)
        .get("/calendar/?start=9999-12-31&working_days=5", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "请选择 2000-01-01 至 2099-12-31 之间的日期" in page
    assert "working_days" not in page and "start" not in page.replace('name="start"', "")


# --- error answers --------------------------------------------------------------------------


def test_an_unknown_page_is_a_chinese_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "未找到" in response.content.decode()
    assert "Not Found" not in response.content.decode()


def test_an_unknown_api_address_answers_in_the_api_shape():
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到。"}


def test_a_missing_csrf_token_on_the_api_answers_in_the_api_shape(admin_b, window_b1):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_b)
    response = client.post(
        "/api/v1/halls/hall-b/windows/1/pause",
        json.dumps({"reason": "午休"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "刷新" in response.json()["message"]
    assert Window.objects.get(pk=window_b1.pk).state == "open"


def test_a_missing_csrf_token_on_a_page_is_a_chinese_page(admin_b, window_b1):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_b)
    response = client.post("/halls/hall-b/windows/1/", {"state": "closed", "reason": "x"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_a_server_error_answers_in_the_api_shape(rf):
    from hall.core.responses import server_error

    body = json.loads(server_error(rf.get("/api/v1/anything")).content)
    assert body["code"] == "server_error"
    page = server_error(rf.get("/dashboard/")).content.decode()
    assert "服务器错误" in page


# --- the API's description -----------------------------------------------------------------


def test_the_openapi_document_describes_errors_times_and_public_endpoints():
    schema = Client().get("/api/openapi.json").json()
    hall_out = schema["components"]["schemas"]["HallOut"]["properties"]["morning_opens"]
    assert hall_out["type"] == "string" and "format" not in hall_out
    issue = schema["paths"]["/api/v1/halls/{hall}/tickets"]["post"]
    assert {} in issue["security"]  # anyone may take a number
    assert {"404", "409", "422", "429"} <= set(map(str, issue["responses"]))
    error = issue["responses"]["422"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    call_next = schema["paths"]["/api/v1/halls/{hall}/windows/{number}/call-next"]["post"]
    assert {} not in call_next["security"]
