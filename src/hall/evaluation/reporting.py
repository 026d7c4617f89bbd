"""Forwarding each rating to the province's 好差评 platform (V2), with the outbox's
guarantees: the report row is written in the rating's own transaction, and a job delivers
it later through a pluggable reporter (HALL_RATING_REPORTER, a dotted path), retrying a
failure and never sending one twice. The default writes JSON lines to a file in the data
directory, for a hall not yet connected. No personal data goes upstream: the platform gets
the service, the level, the tags, and the staff member's number."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from hall.evaluation.choices import ReportStatus
from hall.evaluation.models import Rating, RatingReport

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


class RatingReporter(Protocol):
    def report(self, payload: dict[str, Any]) -> None:
        """Deliver or raise; raising leaves the report for the next attempt."""


class FileReporter:
    """Appends each report to `rating-reports.jsonl` in HALL_DATA_DIR (the default)."""

    def report(self, payload: dict[str, Any]) -> None:
        path = Path(settings.DATA_DIR) / "rating-reports.jsonl"
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(payload, ensure_ascii=False) + "\n")


def reporter() -> RatingReporter:
    reporter_class: type[RatingReporter] = import_string(settings.HALL_RATING_REPORTER)
    return reporter_class()


def payload_of(rating: Rating) -> dict[str, Any]:
    """What the platform is told: the service and its rating, nobody's personal data."""
    return {
        "id": rating.pk,
        "hall": rating.hall.code,
        "service": "case" if rating.case_id else "ticket",
        "number": rating.service_number,
        "level": rating.level,
        "tags": rating.tags,
        "comment": rating.comment,
        "channel": rating.channel,
        "department": rating.department.code if rating.department else None,
        "staff_number": rating.staff.staff_number if rating.staff else None,
        "window": rating.window.number if rating.window else None,
        "rated_at": rating.created_at.isoformat(),
    }


def ratings_report(*, limit: int = 200) -> int:
    """Send pending reports, each claimed under its lock; answers how many were sent."""
    sent = 0
    send = reporter()
    pending = RatingReport.objects.filter(status=ReportStatus.PENDING).order_by("pk")
    for report_id in list(pending.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            report = (
                RatingReport.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=report_id, status=ReportStatus.PENDING)
                .select_related("rating__hall", "rating__ticket", "rating__case")
                .select_related("rating__department", "rating__staff", "rating__window")
                .first()
            )
            if report is None:
                continue  # another process has it
            report.attempts += 1
            try:
                send.report(payload_of(report.rating))
            except Exception as failure:  # any reporter failure is retried later
                report.last_error = type(failure).__name__  # no message: it may hold a URL
                logger.warning("rating %s not reported: %s", report.rating_id, report.last_error)
                if report.attempts >= MAX_ATTEMPTS:
                    report.status = ReportStatus.FAILED
            else:
                report.status = ReportStatus.SENT
                report.sent_at = timezone.now()
                sent += 1
            report.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return sent
