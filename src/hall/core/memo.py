"""Rarely changed rows that nearly every request reads, kept by each process.

The user behind an API token, a hall's queue rules and its ticket categories were read from
the database on every ticket issued and every call, and reading them cost more than the rest
of the request (`make bench`). Only lookups go through here: a row about to be changed is
always read again, under its lock.

A change saved in this process clears the memos that depend on it at once (model signals),
and again once it is committed. With Redis, the commit is also published to every other
process (`listen_for_changes`, started by each server process), which clears its memos on
hearing it. While it hears, a memo whose `cleared_by` names every row its values depend on
keeps them for `while_heard` seconds; otherwise (no Redis, the subscription lost, or a memo
that relies on time for what it does not name) for `seconds`, and other processes see a
change within that. A province's server sees each window's keys tens of seconds apart:
with seconds-long memos, nearly every lookup of the call path was a miss (bench.province).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

V = TypeVar("V")

logger = logging.getLogger(__name__)
_every_memo: list[Memo[Any]] = []
CHANGES_CHANNEL = "hall:memo-changed"
KEPT_WHILE_HEARD = 600.0  # a value of the call path, while changes are heard (`while_heard`)
_hearing = threading.Event()  # this process hears the others' changes


class Memo(Generic[V]):
    """Values by key for `seconds` (`while_heard` while other processes' changes are heard),
    forgotten whenever a row of `cleared_by` changes, unless the save changed only fields
    of `unaffected_by` (what the lookup's user reads again anyway)."""

    def __init__(
        self,
        *,
        seconds: float,
        cleared_by: tuple[type[models.Model], ...],
        unaffected_by: frozenset[str] = frozenset(),
        while_heard: float | None = None,
    ) -> None:
        self.seconds = seconds
        self.unaffected_by = unaffected_by
        self.while_heard = while_heard or seconds
        self._entries: dict[Hashable, tuple[float, V]] = {}
        self._generation = 0
        for sender in cleared_by:
            signals = (
                (m2m_changed,)
                if issubclass(sender, models.Model) and sender._meta.auto_created
                else (post_save, post_delete)
            )
            for signal in signals:
                signal.connect(self._changed, sender=sender, weak=False)
        _every_memo.append(self)

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        now = time.monotonic()
        entry = self._entries.get(key)
        seconds = self.while_heard if _hearing.is_set() else self.seconds
        if entry is not None and now - entry[0] < seconds:
            return entry[1]
        generation = self._generation
        value = load()
        if generation == self._generation:  # not cleared while loading: it may be stale
            self._entries[key] = (now, value)
        return value

    def clear(self) -> None:
        """For changes made without signals (`QuerySet.update()`): now, at the commit, and in
        the other processes."""
        self.forget()
        connection = transaction.get_connection()
        if not any(callback[1] is _committed for callback in connection.run_on_commit):
            transaction.on_commit(_committed)  # once for a transaction of many rows

    def forget(self) -> None:
        self._generation += 1
        self._entries.clear()

    def _changed(self, update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
        if update_fields and update_fields <= self.unaffected_by:
            return
        self.clear()


def clear_every_memo() -> None:
    """Between tests (a rolled-back row's key may be taken again by the next test), and when
    another process says it changed something."""
    for memo in _every_memo:
        memo.forget()


def _committed() -> None:
    """A change is committed: forget what was read before it, here and in every process."""
    clear_every_memo()
    if not settings.REDIS_URL:
        return
    try:
        _publisher(settings.REDIS_URL).publish(CHANGES_CHANNEL, b"")
    except Exception:  # the others' subscriptions are down too: they keep values `seconds`
        logger.warning("could not tell the other processes of a change", exc_info=True)


@functools.cache
def _publisher(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def listen_for_changes(url: str) -> threading.Event:
    """Clear this process's memos whenever another one commits a change (a daemon thread,
    for the process's life unless the returned event is set). Each (re)subscription starts
    by forgetting everything, since what was published meanwhile was not heard."""
    stop = threading.Event()
    threading.Thread(target=_listen, args=(url, stop), name="memo-changes", daemon=True).start()
    return stop


def _listen(url: str, stop: threading.Event) -> None:
    import redis

    while not stop.is_set():
        try:
            client = redis.Redis.from_url(
                url, socket_connect_timeout=2, socket_keepalive=True, health_check_interval=15
            )
            with client.pubsub(ignore_subscribe_messages=True) as subscription:
                subscription.subscribe(CHANGES_CHANNEL)
                clear_every_memo()
                _hearing.set()
                while not stop.is_set():
                    if subscription.get_message(timeout=1) is not None:
                        clear_every_memo()
        except Exception:  # Redis away: values last `seconds` until it answers again
            if _hearing.is_set():
                logger.warning("memos no longer hear other processes' changes", exc_info=True)
            _hearing.clear()
            clear_every_memo()
            stop.wait(1)
    _hearing.clear()


def through(model: type[models.Model], field: str) -> type[models.Model]:
    """The hidden table of a many-to-many field, whose changes only `m2m_changed` reports."""
    return getattr(model, field).through
