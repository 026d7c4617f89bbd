"""Surveys (V3): the office drafts one for a period, opens it, and it shows by link and QR
code on the hall page and the slips; answers are checked and anonymous; results per
department and window, in Excel too."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from hall.core.models import AuditRecord
from hall.core.roles import Role
from hall.evaluation.models import Survey, SurveyResponse
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.queueing.conftest import QueueHall

pytestmark = pytest.mark.django_db


def drafted(qhall: QueueHall) -> tuple[Client, Survey]:
    office = logged_in(UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN))
    today = timezone.localdate()
    created = office.post(
        "/evaluation/q/surveys/",
        {
            "title": "2026年第四季度满意度调查",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    survey = Survey.objects.get()
    assert created["Location"] == f"/evaluation/q/surveys/{survey.pk}/"
    page = f"/evaluation/q/surveys/{survey.pk}/"
    office.post(page, {"kind": "scale", "text": "您对窗口服务的总体评价", "required": "on"})
    office.post(
        page,
        {
            "kind": "choice",
            "text": "您等候了多久",
            "options": "10分钟内\n10-30分钟\n30分钟以上",
            "required": "on",
        },
    )
    office.post(page, {"kind": "text", "text": "您的建议"})
    return office, survey


def answer(survey: Survey, **body) -> object:
    questions = {q.kind: q.pk for q in survey.questions.all()}
    data = {f"q-{questions['scale']}": "4", f"q-{questions['choice']}": "10分钟内", **body}
    return Client().post(f"/s/{survey.token}/", data)


def test_a_survey_is_drafted_opened_shown_answered_and_closed(qhall):
    office, survey = drafted(qhall)
    assert Client().get(f"/s/{survey.token}/").status_code == 404  # a draft is not public
    assert "满意度调查" not in Client().get("/h/q/").content.decode()
    office.post(f"/evaluation/q/surveys/{survey.pk}/open/")
    survey.refresh_from_db()
    assert survey.status == "open"
    hall_page = Client().get("/h/q/").content.decode()
    assert "2026年第四季度满意度调查" in hall_page and f"/s/{survey.token}/" in hall_page
    ticket = queue.ticket_issue(hall=qhall.hall, category_code="household", channel=Channel.KIOSK)
    slip = Client().get(f"/slip/{ticket.follow_token}/").content.decode()
    assert "data-offer" in slip and "<svg" in slip.split("data-offer")[1]
    # Questions cannot change once it is open.
    added = office.post(f"/evaluation/q/surveys/{survey.pk}/", {"kind": "text", "text": "新问题"})
    assert added.status_code == 409 and survey.questions.count() == 3

    assert "data-thanks" in answer(survey, department="police", window="1").content.decode()
    assert SurveyResponse.objects.count() == 1
    office.post(f"/evaluation/q/surveys/{survey.pk}/closed/")
    assert answer(survey).status_code == 422
    assert SurveyResponse.objects.count() == 1
    actions = list(AuditRecord.objects.filter(action__startswith="evaluation.survey"))
    assert len(actions) == 6  # created, three questions, opened, closed


def test_answers_are_checked_before_anything_is_stored(qhall):
    office, survey = drafted(qhall)
    office.post(f"/evaluation/q/surveys/{survey.pk}/open/")
    questions = {q.kind: q.pk for q in survey.questions.all()}
    for bad in (
        {f"q-{questions['scale']}": "6"},
        {f"q-{questions['choice']}": "一小时"},
        {f"q-{questions['scale']}": ""},  # required
    ):
        assert answer(survey, **bad).status_code == 422
    assert not SurveyResponse.objects.exists()


def test_results_per_department_and_window_on_the_page_and_in_excel(qhall):
    office, survey = drafted(qhall)
    office.post(f"/evaluation/q/surveys/{survey.pk}/open/")
    questions = {q.kind: q.pk for q in survey.questions.all()}
    for score, window, text in (("5", "1", "很好"), ("3", "1", ""), ("4", "2", "加快速度")):
        response = answer(
            survey,
            department="police",
            window=window,
            **{f"q-{questions['scale']}": score, f"q-{questions['text']}": text},
        )
        assert response.status_code == 200
    page = office.get(f"/evaluation/q/surveys/{survey.pk}/").content.decode()
    assert "3 份答卷" in page and "加快速度" in page
    assert ">4.0<" in page or ">4<" in page  # the mean of 5, 3 and 4
    book = load_workbook(
        BytesIO(office.get(f"/evaluation/q/surveys/{survey.pk}/results.xlsx").content)
    )
    by_window = [list(r) for r in book["按窗口"].iter_rows(values_only=True)]
    assert by_window[1:] == [["1", 2, 4.0], ["2", 1, 4.0]]
    by_department = [list(r) for r in book["按部门"].iter_rows(values_only=True)]
    assert by_department[1][1:] == [3, 4.0]
    summary = [list(r) for r in book["汇总"].iter_rows(values_only=True)]
    assert [None, "10分钟内", 3] in summary and ["您等候了多久", "作答数", 3] in summary


def test_window_staff_cannot_see_or_run_surveys(qhall):
    _office, survey = drafted(qhall)
    clerk = logged_in(qhall.clerk)
    assert clerk.get("/evaluation/q/surveys/").status_code == 403
    assert clerk.get(f"/evaluation/q/surveys/{survey.pk}/results.xlsx").status_code == 403
