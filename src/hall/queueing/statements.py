"""The statements of every call (lock the window, finish its ticket, claim the next, look
for those waiting for an SMS), written as SQL once for both databases.

Built through the ORM they cost about 4 ms of Python per call, compiling the same queries
again each time, around 1 ms of database work: a third of call-next (bench, PostgreSQL).
What they do is still the services' rule: `hall.queueing.services` decides when each runs
and in which order the lines are tried; here is only how each is said to the database.
PostgreSQL locks the window's row and skips a ticket another window is claiming right now
(SKIP LOCKED); SQLite's writer lock serialises the whole transaction instead. Each statement
keeps its guard on the status, so a ticket that changed in between is left alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from hall.core.db.returning import execute_returning
from hall.core.models import Window
from hall.queueing.choices import AT_WINDOW, TicketStatus
from hall.queueing.models import Ticket

# Only these names and placeholders are formatted into the SQL; every value is a parameter.
TICKET = Ticket._meta.db_table
WINDOW = Window._meta.db_table
WAITING = TicketStatus.WAITING.value
AT_WINDOW_STATUSES = [status.value for status in AT_WINDOW]
_AT_WINDOW = ", ".join(["%s"] * len(AT_WINDOW))


@dataclass(frozen=True)
class WindowUnderLock:
    state: str
    busy_with: int | None  # the ticket at the window
    has_transfers: bool  # tickets sent to this window wait


def _lock(sql: str, *, skip_locked: bool = False) -> str:
    if not connection.features.has_select_for_update:
        return sql  # SQLite: the transaction holds the database's writer lock
    return f"{sql} FOR UPDATE SKIP LOCKED" if skip_locked else f"{sql} FOR UPDATE"


def _when(moment: datetime.datetime) -> Any:
    """A moment as the database takes it (SQLite: text in UTC, as Django stores it)."""
    return connection.ops.adapt_datetimefield_value(moment)


def lock_window(window_id: int) -> WindowUnderLock:
    """The window's state under its row lock: the same window's double click waits here."""
    sql = _lock(
        "SELECT w.state,"  # noqa: S608
        f" (SELECT t.id FROM {TICKET} t"
        f"  WHERE t.window_id = w.id AND t.status IN ({_AT_WINDOW}) LIMIT 1),"
        f" EXISTS (SELECT 1 FROM {TICKET} t WHERE t.target_window_id = w.id AND t.status = %s)"
        f" FROM {WINDOW} w WHERE w.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*AT_WINDOW_STATUSES, WAITING, window_id])
        state, busy_with, has_transfers = cursor.fetchone()
    return WindowUnderLock(state, busy_with, bool(has_transfers))


def mark_done(ticket_id: int, now: datetime.datetime, *, window_id: int | None) -> Ticket | None:
    """The ticket finished, if it is at a window (at `window_id`, when given); None if not.
    Finishing straight from "called" counts the service from the call."""
    sql = (
        f"UPDATE {TICKET} SET status = %s,"  # noqa: S608
        " started_at = COALESCE(started_at, called_at), finished_at = %s"
        f" WHERE id = %s AND status IN ({_AT_WINDOW})"
    )
    params = [TicketStatus.DONE.value, _when(now), ticket_id, *AT_WINDOW_STATUSES]
    if window_id is not None:
        sql, params = f"{sql} AND window_id = %s", [*params, window_id]
    done = execute_returning(Ticket, sql, params)
    return done[0] if done else None


@dataclass(frozen=True)
class Line:
    """Which waiting tickets one level of a window's order takes: those sent to a window,
    or those of these categories sent to none."""

    sent_to: int | None = None
    categories: Sequence[int] = ()


def claim_first(
    line: Line, *, hall_id: int, window_id: int, now: datetime.datetime, actor_id: int | None
) -> Ticket | None:
    """The first waiting ticket of `line` (queue order), called to the window in one
    statement; None when none waits. The guard on the status holds whatever the subquery saw."""
    if line.sent_to is not None:
        which, chosen = "target_window_id = %s", [line.sent_to]
    elif line.categories:
        marks = ", ".join(["%s"] * len(line.categories))
        which, chosen = f"target_window_id IS NULL AND category_id IN ({marks})", [*line.categories]
    else:
        return None
    first = _lock(
        f"SELECT id FROM {TICKET} WHERE hall_id = %s AND status = %s AND {which}"  # noqa: S608
        " ORDER BY queued_at, id LIMIT 1",
        skip_locked=True,
    )
    sql = (
        f"UPDATE {TICKET} SET status = %s, window_id = %s, target_window_id = NULL,"  # noqa: S608
        f" called_at = %s, served_by_id = %s, recall_count = 0 WHERE id = ({first}) AND status = %s"
    )
    called = TicketStatus.CALLED.value
    params = [called, window_id, _when(now), actor_id, hall_id, WAITING, *chosen, WAITING]
    claimed = execute_returning(Ticket, sql, params)
    return claimed[0] if claimed else None


def asking_for_sms(hall_id: int, category_id: int) -> list[int]:
    """The waiting tickets of a line that asked to be told when their turn is near and were
    not told yet: nearly always none, checked after every call."""
    sql = (
        f"SELECT id FROM {TICKET} WHERE hall_id = %s AND category_id = %s AND status = %s"  # noqa: S608
        " AND notify_when_ahead IS NOT NULL AND notified_at IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [hall_id, category_id, WAITING])
        return [ticket_id for (ticket_id,) in cursor.fetchall()]


def people_ahead(
    *,
    hall_id: int,
    category_id: int,
    sent_to: int | None,
    queued_at: datetime.datetime,
    ticket_id: int,
) -> int:
    """How many waiting tickets of the same line (those sent to the same window, or of the
    same category sent to none) come before this one in queue order: asked for every ticket
    issued and on every phone page that follows one."""
    line = "target_window_id = %s" if sent_to else "category_id = %s AND target_window_id IS NULL"
    sql = (
        f"SELECT COUNT(*) FROM {TICKET} WHERE hall_id = %s AND status = %s AND {line}"  # noqa: S608
        " AND (queued_at < %s OR (queued_at = %s AND id < %s))"
    )
    when = _when(queued_at)
    params = [hall_id, WAITING, sent_to or category_id, when, when, ticket_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (ahead,) = cursor.fetchone()
    return int(ahead)
