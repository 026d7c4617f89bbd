"""Periodic jobs: run when due, once, and a failure is recorded without stopping the others."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from hall.core import jobs
from hall.core.models import JobRun


@pytest.fixture
def counting_job():
    calls: list[datetime.datetime] = []

    @jobs.periodic_job("test.counting", every=datetime.timedelta(minutes=10))
    def count(now):
        calls.append(now)
        return f"call {len(calls)}"

    yield calls
    jobs.REGISTRY.pop("test.counting")


@pytest.mark.django_db
def test_a_job_runs_when_due_and_not_again_before_its_period(counting_job):
    start = timezone.now()
    assert [o.summary for o in jobs.run_due_jobs(now=start, names=["test.counting"])] == ["call 1"]
    assert (
        jobs.run_due_jobs(now=start + datetime.timedelta(minutes=9), names=["test.counting"]) == []
    )
    assert (
        len(jobs.run_due_jobs(now=start + datetime.timedelta(minutes=10), names=["test.counting"]))
        == 1
    )
    assert len(counting_job) == 2
    run = JobRun.objects.get(name="test.counting")
    assert run.last_succeeded is True
    assert run.next_due_at == start + datetime.timedelta(minutes=20)


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(counting_job):
    @jobs.periodic_job("test.failing", every=datetime.timedelta(minutes=5))
    def fail(now):
        raise ValueError("gateway down")

    try:
        outcomes = {o.name: o for o in jobs.run_due_jobs(names=["test.failing", "test.counting"])}
    finally:
        jobs.REGISTRY.pop("test.failing")
    assert outcomes["test.failing"].succeeded is False
    assert outcomes["test.counting"].succeeded is True
    assert "gateway down" in JobRun.objects.get(name="test.failing").last_error


@pytest.mark.django_db
def test_tick_command_runs_the_builtin_calendar_import():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("tick", stdout=out)
    assert "calendar.import_from_package: ok" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_eight_threads_ticking_at_once_run_a_job_once(counting_job):
    # PostgreSQL: the second claimant skips the locked row; SQLite: BEGIN IMMEDIATE serializes.
    now = timezone.now()
    barrier = threading.Barrier(8)
    results: list[int] = []

    def tick():
        barrier.wait()
        try:
            results.append(len(jobs.run_due_jobs(now=now, names=["test.counting"])))
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0] * 7 + [1]
    assert len(counting_job) == 1


@pytest.mark.django_db
def test_sent_messages_keep_the_phone_number_only_for_the_retention_period(settings):
    """X2: the outbox's recipients are personal data too."""
    from django.db import transaction

    from hall.core.models import AuditRecord, OutboxMessage, OutboxStatus
    from hall.core.outbox import outbox_enqueue, outbox_erase_recipients

    settings.HALL_OUTBOX_RETENTION_DAYS = 30
    now = timezone.now()
    with transaction.atomic():
        outbox_enqueue(hall=None, mobile="13800138000", text="旧", dedupe_key="old")
        outbox_enqueue(hall=None, mobile="13900139000", text="新", dedupe_key="new")
        outbox_enqueue(hall=None, mobile="13700137000", text="待发", dedupe_key="pending")
    OutboxMessage.objects.filter(dedupe_key__in=["old", "pending"]).update(
        created_at=now - datetime.timedelta(days=31)
    )
    OutboxMessage.objects.exclude(dedupe_key="pending").update(status=OutboxStatus.SENT)

    assert outbox_erase_recipients(now=now) == 1
    old, new, pending = (OutboxMessage.objects.get(dedupe_key=k) for k in ("old", "new", "pending"))
    assert (old.recipient, old.recipient_digest, old.body) == ("", "", "旧")
    assert new.recipient.plaintext == "13900139000"
    assert pending.recipient.plaintext == "13700137000"  # not delivered yet: still needed
    assert AuditRecord.objects.filter(action="outbox.personal_data_erased").count() == 1
