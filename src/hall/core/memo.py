"""Rarely changed rows that nearly every request reads, kept by each process for a few seconds.

The user behind an API token, a hall's queue rules and its ticket categories were read from
the database on every ticket issued and every call, and reading them cost more than the rest
of the request (`make bench`). A change saved in this process clears the memo at once (model
signals); other server processes see it within `seconds`. Only lookups go through here: a row
about to be changed is always read again, under its lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

V = TypeVar("V")

_every_memo: list[Memo[Any]] = []


class Memo(Generic[V]):
    """Values by key for `seconds`, forgotten whenever a row of `cleared_by` changes."""

    def __init__(self, *, seconds: float, cleared_by: tuple[type[models.Model], ...]) -> None:
        self.seconds = seconds
        self._entries: dict[Hashable, tuple[float, V]] = {}
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
        if entry is not None and now - entry[0] < self.seconds:
            return entry[1]
        value = load()
        self._entries[key] = (now, value)
        return value

    def clear(self) -> None:
        """For changes made without signals (`QuerySet.update()`)."""
        self._entries.clear()

    def _changed(self, **kwargs: Any) -> None:
        self.clear()


def clear_every_memo() -> None:
    """Between tests: a rolled-back row's key may be taken again by the next test."""
    for memo in _every_memo:
        memo.clear()


def through(model: type[models.Model], field: str) -> type[models.Model]:
    """The hidden table of a many-to-many field, whose changes only `m2m_changed` reports."""
    return getattr(model, field).through
