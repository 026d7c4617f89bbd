"""Each rating goes to the province's 好差评 platform once, through the pluggable reporter,
with the outbox's guarantees: written with the rating, retried on failure, never twice."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hall.evaluation import reporting
from hall.evaluation.models import RatingReport
from tests.evaluation.test_rating import rate, served

pytestmark = pytest.mark.django_db


class Unreachable:
    def report(self, payload):
        raise ConnectionError("https://platform.example/api?key=secret")


def test_a_rating_is_reported_once_to_the_file_by_default(qhall, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    ticket = served(qhall)
    rate(Client(), ticket, level=2, tags=["等候太久"], mobile="13800138000")
    rate(Client(), ticket, level=5)  # refused (一次一评): nothing more to report
    assert RatingReport.objects.get().status == "pending"
    assert reporting.ratings_report() == 1
    assert reporting.ratings_report() == 0
    lines = (tmp_path / "rating-reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    payload = json.loads(lines[0])
    assert (payload["number"], payload["level"], payload["tags"], payload["window"]) == (
        ticket.number,
        2,
        ["等候太久"],
        1,
    )
    assert "13800138000" not in lines[0] and "138" not in lines[0]


def test_a_failing_platform_is_retried_then_given_up_without_its_secrets(qhall, settings):
    settings.HALL_RATING_REPORTER = f"{__name__}.Unreachable"
    rate(Client(), served(qhall), level=5)
    for _ in range(reporting.MAX_ATTEMPTS - 1):
        assert reporting.ratings_report() == 0
    report = RatingReport.objects.get()
    assert (report.status, report.attempts, report.last_error) == (
        "pending",
        reporting.MAX_ATTEMPTS - 1,
        "ConnectionError",
    )
    reporting.ratings_report()
    assert RatingReport.objects.get().status == "failed"
