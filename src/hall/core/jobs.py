"""Periodic jobs: idempotent functions registered in one place.

`hall serve` runs the due ones in-process every HALL_JOBS_INTERVAL_SECONDS; `hall tick` runs
them once, for cron or a systemd timer. A job's `JobRun` row is claimed under a lock before it
runs, so two processes (or a server and a cron tick) never run the same job at once, and a job
that fails is retried at its next period rather than in a tight loop.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hall.core.models import Hall, JobRun

logger = logging.getLogger(__name__)

JobFunction = Callable[[datetime.datetime], str]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: datetime.timedelta
    function: JobFunction


@dataclass(frozen=True)
class JobOutcome:
    name: str
    succeeded: bool
    summary: str


REGISTRY: dict[str, PeriodicJob] = {}


def periodic_job(name: str, *, every: datetime.timedelta) -> Callable[[JobFunction], JobFunction]:
    """Register `function(now) -> summary` to run every `every`."""

    def register(function: JobFunction) -> JobFunction:
        REGISTRY[name] = PeriodicJob(name, every, function)
        return function

    return register


def _claim(job: PeriodicJob, now: datetime.datetime) -> bool:
    JobRun.objects.bulk_create([JobRun(name=job.name)], ignore_conflicts=True)
    with transaction.atomic():
        # On PostgreSQL a second process skips the locked row; on SQLite BEGIN IMMEDIATE
        # already serializes, and the second one finds next_due_at moved on.
        run = (
            JobRun.objects.select_for_update(skip_locked=True)
            .filter(Q(next_due_at__isnull=True) | Q(next_due_at__lte=now), name=job.name)
            .first()
        )
        if run is None:
            return False
        run.last_started_at = now
        run.next_due_at = now + job.every
        run.save(update_fields=["last_started_at", "next_due_at"])
    return True


def each_active_hall(work: Callable[[Hall], int]) -> int:
    """A job's work done for every active hall, its counts added up."""
    return sum(work(hall) for hall in Hall.objects.filter(is_active=True))


def run_due_jobs(
    *, now: datetime.datetime | None = None, names: list[str] | None = None
) -> list[JobOutcome]:
    """Run each registered job that is due; returns what ran and how it went."""
    now = now or timezone.now()
    outcomes = []
    for job in REGISTRY.values():
        if names is not None and job.name not in names:
            continue
        if not _claim(job, now):
            continue
        try:
            summary = job.function(now)
            succeeded, error = True, ""
        except Exception as failure:  # one failing job must not stop the others
            logger.exception("periodic job %s failed", job.name)
            summary, succeeded, error = str(failure), False, repr(failure)
        JobRun.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_succeeded=succeeded, last_error=error
        )
        outcomes.append(JobOutcome(job.name, succeeded, summary))
    return outcomes


def register_builtin_jobs() -> None:
    @periodic_job("calendar.import_from_package", every=datetime.timedelta(hours=24))
    def import_calendar(now: datetime.datetime) -> str:
        # After an upgrade of chinese-calendar brings next year, it is confirmed without waiting
        # for an administrator; years edited by hand are left as they are.
        from hall.core.services import calendar_import_from_package

        years = calendar_import_from_package(via="job")
        return f"imported {years}" if years else "nothing new"

    @periodic_job("outbox.deliver", every=datetime.timedelta(seconds=10))
    def deliver_outbox(now: datetime.datetime) -> str:
        from hall.core.outbox import outbox_deliver

        return f"sent {outbox_deliver()}"

    @periodic_job("outbox.erase_recipients", every=datetime.timedelta(hours=6))
    def erase_recipients(now: datetime.datetime) -> str:
        from hall.core.outbox import outbox_erase_recipients

        return f"erased {outbox_erase_recipients(now=now)}"

    @periodic_job("backup.daily", every=datetime.timedelta(hours=1))
    def daily_backup(now: datetime.datetime) -> str:
        """Once a day from HALL_BACKUP_HOUR (at night when the server runs then, else when
        it starts in the morning), keeping the newest HALL_BACKUP_KEEP (0: none made)."""
        from django.conf import settings

        from hall.core.backup import backup_create, backup_made_on, backups_prune

        local = timezone.localtime(now)
        if not settings.HALL_BACKUP_KEEP:
            return "off"
        if local.hour < settings.HALL_BACKUP_HOUR or backup_made_on(local.date()):
            return "not due"
        outcome = backup_create()
        removed = backups_prune(settings.HALL_BACKUP_KEEP)
        made = f"{outcome.path.name}: {outcome.rows} rows, {outcome.files} files"
        return f"{made}; {removed} old removed"
