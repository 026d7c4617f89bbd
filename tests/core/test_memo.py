"""Memos (hall.core.memo): forgotten at a change, at its commit, and in every other process."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from hall.core import memo
from hall.core.memo import CHANGES_CHANNEL, Memo, listen_for_changes
from hall.core.models import Window
from hall.core.services import api_token_create, api_token_revoke
from tests.conftest import logged_in
from tests.factories import WindowFactory
from tests.servers import hall_server

_windows: Memo[str] = Memo(
    seconds=5.0, cleared_by=(Window,), unaffected_by=frozenset(Window.STATE_FIELDS)
)


def test_a_change_clears_it_unless_it_touched_only_what_the_reader_reads_again(db):
    window = WindowFactory()
    assert _windows.get(window.pk, lambda: "before") == "before"
    window.state_reason = "午休"
    window.save(update_fields=Window.STATE_FIELDS)  # a window pausing
    assert _windows.get(window.pk, lambda: "after") == "before"
    window.label = "综合窗口"
    window.save(update_fields=["label"])
    assert _windows.get(window.pk, lambda: "after") == "after"


def test_what_was_read_while_a_change_cleared_it_is_not_kept(db):
    window = WindowFactory()

    def load() -> str:
        window.save()  # a change committed while this value was being read
        return "stale"

    assert _windows.get(window.pk, load) == "stale"
    assert _windows.get(window.pk, lambda: "fresh") == "fresh"


def test_a_change_is_forgotten_again_once_committed(db):
    window = WindowFactory()
    window.save()
    window.save()
    # Read by another request before the commit: the old row, remembered.
    assert _windows.get(window.pk, lambda: "old row") == "old row"
    told = [c for _, c, _ in connection.run_on_commit if c is memo._committed]
    assert len(told) == 1  # a transaction of many changes is told once
    told[0]()  # the commit
    assert _windows.get(window.pk, lambda: "new row") == "new row"


class Clock:
    """The memos' clock, moved by hand."""

    now = 0.0

    def monotonic(self) -> float:
        return self.now


needs_redis = pytest.mark.skipif(
    connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
    reason="other processes are heard through Redis in the CI's PostgreSQL and Redis run",
)


@needs_redis
def test_another_process_change_is_heard_and_values_are_kept_while_it_can_be(settings, monkeypatch):
    import redis

    clock = Clock()
    monkeypatch.setattr(memo, "time", clock)
    settings.REDIS_URL = os.environ["REDIS_URL"]
    remembered: Memo[str] = Memo(seconds=0.05, cleared_by=(Window,), while_heard=600)
    timed: Memo[str] = Memo(seconds=0.05, cleared_by=(Window,))  # relies on time as well
    stop = listen_for_changes(settings.REDIS_URL)
    try:
        assert memo._hearing.wait(5)
        remembered.get(1, lambda: "kept")
        timed.get(1, lambda: "kept")
        clock.now += 0.1  # past `seconds`: kept while changes are heard
        assert remembered.get(1, lambda: "read again") == "kept"
        assert timed.get(1, lambda: "read again") == "read again"
        # Another process commits a change:
        redis.Redis.from_url(settings.REDIS_URL).publish(CHANGES_CHANNEL, b"")
        deadline = time.monotonic() + 5
        while remembered.get(1, lambda: "heard") == "kept" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert remembered.get(1, lambda: "heard") == "heard"
    finally:
        stop.set()
    deadline = time.monotonic() + 5
    while memo._hearing.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not memo._hearing.is_set()  # no longer heard: `seconds` again
    remembered.get(2, lambda: "short")
    clock.now += 0.1
    assert remembered.get(2, lambda: "read again") == "read again"


@needs_redis
def test_a_committed_change_is_published(db, settings, django_capture_on_commit_callbacks):
    import redis

    settings.REDIS_URL = os.environ["REDIS_URL"]
    listener = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(CHANGES_CHANNEL)
    listener.get_message(timeout=1)  # the subscription's confirmation
    with django_capture_on_commit_callbacks(execute=True):
        WindowFactory().save()
    heard = listener.get_message(timeout=5)
    listener.close()
    assert heard is not None and heard["channel"] == CHANGES_CHANNEL.encode()


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_token_revoked_here_is_refused_at_once_by_every_server_process(admin_a):
    """Each process remembers who a token is for minutes while it hears of changes: a
    revocation must reach them all, not wait for the memo to age."""
    import requests

    token, key = api_token_create(actor=None, user=admin_a, name="two processes")
    path = "/api/v1/calendar/due?start=2026-09-30&working_days=5"
    with hall_server(workers=2) as base:

        def statuses() -> set[int]:  # a connection each: the processes take turns
            return {
                requests.get(
                    base + path, headers={"Authorization": f"Bearer {key}"}, timeout=5
                ).status_code
                for _ in range(20)
            }

        assert statuses() == {200}
        api_token_revoke(actor=None, token=token)
        deadline = time.monotonic() + 2  # the message on its way through Redis
        while (refused := statuses()) != {401} and time.monotonic() < deadline:
            pass
        assert refused == {401}


def test_a_remembered_session_user_changed_or_deactivated_is_seen_at_once(admin_a):
    client = logged_in(admin_a)
    assert client.get("/staff/hall-a/").status_code == 200  # the user is remembered now
    admin_a.groups.clear()  # no longer an administrator
    assert client.get("/staff/hall-a/").status_code == 403
    admin_a.is_active = False
    admin_a.save()
    assert client.get("/dashboard/").status_code == 302  # to the login page
