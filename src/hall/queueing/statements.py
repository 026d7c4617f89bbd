"""The statements of every call (lock the window, finish its ticket, claim the next, look
for those waiting for an SMS), written as SQL once for both databases.

Built through the ORM they cost about 4 ms of Python per call, compiling the same queries
again each time, around 1 ms of database work: a third of call-next (bench, PostgreSQL).
What they do is still the services' rule: `hall.queueing.services` decides when each runs
and in which order the lines are tried; here is only how each is said to the database.
PostgreSQL locks the window's row and skips a ticket another window is claiming right now
(SKIP LOCKED); SQLite's writer lock serialises the whole transaction instead. Each statement
keeps its guard on the status, so a ticket that changed in between is left alone. On
PostgreSQL a call sends the same statements' text as one (`call`), so the rules are still
written once.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from hall.core.db.returning import (
    execute_returning,
    insert_returning,
    insert_selecting,
    instances,
    returning,
    written_as,
)
from hall.core.models import Window
from hall.queueing.choices import AT_WINDOW, TicketStatus
from hall.queueing.models import Ticket, TicketEvent

# Only these names and placeholders are formatted into the SQL; every value is a parameter.
TICKET = Ticket._meta.db_table
WINDOW = Window._meta.db_table
WAITING = TicketStatus.WAITING.value
AT_WINDOW_STATUSES = [status.value for status in AT_WINDOW]
_AT_WINDOW = ", ".join(["%s"] * len(AT_WINDOW))

Statement = tuple[str, list[Any]]  # SQL and its parameters


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


def _finish(ticket_id: int, now: datetime.datetime, *, window_id: int | None) -> Statement:
    sql = (
        f"UPDATE {TICKET} SET status = %s,"  # noqa: S608
        " started_at = COALESCE(started_at, called_at), finished_at = %s"
        f" WHERE id = %s AND status IN ({_AT_WINDOW})"
    )
    params = [TicketStatus.DONE.value, _when(now), ticket_id, *AT_WINDOW_STATUSES]
    if window_id is not None:
        sql, params = f"{sql} AND window_id = %s", [*params, window_id]
    return sql, params


def mark_done(ticket_id: int, now: datetime.datetime, *, window_id: int | None) -> Ticket | None:
    """The ticket finished, if it is at a window (at `window_id`, when given); None if not.
    Finishing straight from "called" counts the service from the call."""
    done = execute_returning(Ticket, *_finish(ticket_id, now, window_id=window_id))
    return done[0] if done else None


@dataclass(frozen=True)
class Line:
    """Which waiting tickets one level of a window's order takes: those sent to a window,
    or those of these categories sent to none."""

    sent_to: int | None = None
    categories: Sequence[int] = ()


def _first_waiting(line: Line, hall_id: int) -> Statement:
    if line.sent_to is not None:
        which, chosen = "target_window_id = %s", [line.sent_to]
    else:
        marks = ", ".join(["%s"] * len(line.categories))
        which, chosen = f"target_window_id IS NULL AND category_id IN ({marks})", [*line.categories]
    sql = _lock(
        f"SELECT id FROM {TICKET} WHERE hall_id = %s AND status = %s AND {which}"  # noqa: S608
        " ORDER BY queued_at, id LIMIT 1",
        skip_locked=True,
    )
    return f"({sql})", [hall_id, WAITING, *chosen]


def _claim(
    lines: Sequence[Line],
    *,
    hall_id: int,
    window_id: int,
    now: datetime.datetime,
    actor_id: int | None,
) -> Statement:
    """The first waiting ticket of the first line that has one, called to the window. Each
    line is its own subquery so that an index gives its first ticket (one query sorting every
    waiting ticket by line cost 2.5 ms of database time with 1,300 waiting); COALESCE asks
    the next only when the one before found none. The guard on the status holds whatever the
    subquery saw."""
    firsts = [_first_waiting(line, hall_id) for line in lines]
    which = firsts[0][0] if len(firsts) == 1 else f"COALESCE({', '.join(s for s, _ in firsts)})"
    sql = (
        f"UPDATE {TICKET} SET status = %s, window_id = %s, target_window_id = NULL,"  # noqa: S608
        f" called_at = %s, served_by_id = %s, recall_count = 0 WHERE id = {which} AND status = %s"
    )
    chosen = [param for _sql, params in firsts for param in params]
    return sql, [TicketStatus.CALLED.value, window_id, _when(now), actor_id, *chosen, WAITING]


# Waiting tickets that asked to be told when their turn is near and were not told yet.
_ASKING_FOR_SMS = "status = %s AND notify_when_ahead IS NOT NULL AND notified_at IS NULL"


def asking_for_sms(hall_id: int, category_id: int) -> list[int]:
    """The waiting tickets of a line that asked to be told when their turn is near and were
    not told yet: nearly always none, checked after every call."""
    sql = f"SELECT id FROM {TICKET} WHERE hall_id = %s AND category_id = %s AND {_ASKING_FOR_SMS}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [hall_id, category_id, WAITING])
        return [ticket_id for (ticket_id,) in cursor.fetchall()]


@dataclass(frozen=True)
class CallWritten:
    """What a call wrote: the ticket finished (None when the one named could not be), the
    ticket called (None when nobody waits for the window), and the waiting tickets of its
    line that asked for an SMS (perhaps a few more: the caller reads each one again)."""

    finished: Ticket | None
    called: Ticket | None
    asking_for_sms: list[int]


def call(
    *,
    window_id: int,
    hall_id: int,
    finish_id: int | None,
    lines: Sequence[Line],
    now: datetime.datetime,
    actor_id: int | None,
    finished_step: TicketEvent,
    called_step: TicketEvent,
) -> CallWritten:
    """After the window's lock (`lock_window`): finish the ticket `finish_id` at the window,
    when given, call the first waiting ticket of `lines`, and write the two steps of history
    (their tickets are set here).

    On PostgreSQL all of it is one statement of data-modifying CTEs: the finish, the claim,
    the history and the SMS check were four round trips, each one a wait for the database
    and a wake-up on a busy machine. SQLite has neither the round trips (it is in the
    process) nor data-modifying CTEs, so there they run one by one. The window's lock stays
    a statement of its own on both: a statement that waited for a lock reads other rows as
    they were before it waited (READ COMMITTED), and the claim must see the calls made
    while it waited."""
    if connection.vendor == "postgresql":
        return _call_in_one_statement(
            finish=_finish(finish_id, now, window_id=window_id) if finish_id is not None else None,
            claim=_claim(lines, hall_id=hall_id, window_id=window_id, now=now, actor_id=actor_id)
            if lines
            else None,
            finished_step=finished_step,
            called_step=called_step,
        )
    finished = None
    if finish_id is not None:
        finished = mark_done(finish_id, now, window_id=window_id)
        if finished is None:
            return CallWritten(None, None, [])
    claimed = (
        execute_returning(
            Ticket,
            *_claim(lines, hall_id=hall_id, window_id=window_id, now=now, actor_id=actor_id),
        )
        if lines
        else []
    )
    called = claimed[0] if claimed else None
    steps = []
    for step, ticket in ((finished_step, finished), (called_step, called)):
        if ticket is not None:
            step.ticket = ticket
            steps.append(step)
    insert_returning(steps)
    asking = asking_for_sms(hall_id, called.category_id) if called is not None else []
    return CallWritten(finished, called, asking)


def _call_in_one_statement(
    *,
    finish: Statement | None,
    claim: Statement | None,
    finished_step: TicketEvent,
    called_step: TicketEvent,
) -> CallWritten:
    columns = returning(Ticket)
    parts = [
        (name, statement, step)
        for name, statement, step in (
            ("finished", finish, finished_step),
            ("called", claim, called_step),
        )
        if statement is not None
    ]
    if not parts:
        return CallWritten(None, None, [])
    ctes = [f"{name} AS ({sql} RETURNING {columns})" for name, (sql, _p), _s in parts]
    params = [param for _n, (_sql, values), _s in parts for param in values]
    insert, values = insert_selecting(
        [(step, name) for name, _st, step in parts],
        from_row={"ticket_id": "id", "hall_id": "hall_id"},
    )
    ctes.append(f"written AS ({insert} RETURNING id, ticket_id)")
    params += values
    # Who asked for an SMS, read in the statement's snapshot (so perhaps the ticket just
    # called too): asked only beside the called ticket.
    asking = (
        f"ARRAY(SELECT t.id FROM {TICKET} t WHERE t.hall_id = called.hall_id"  # noqa: S608
        f" AND t.category_id = called.category_id AND {_ASKING_FOR_SMS})"
    )
    rows = [
        f"SELECT {index}, {columns},"  # noqa: S608
        f" (SELECT w.id FROM written w WHERE w.ticket_id = {name}.id),"
        f" {asking if name == 'called' else 'NULL::bigint[]'} FROM {name}"
        for index, (name, _st, _step) in enumerate(parts)
    ]
    params += [WAITING] if parts[-1][0] == "called" else []
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(rows)}", params)
        answered = cursor.fetchall()
    tickets = instances(Ticket, [row[1:-2] for row in answered])
    written: dict[str, Ticket] = {}
    asked: list[int] = []
    for (index, *_row, event_id, asked_here), ticket in zip(answered, tickets, strict=True):
        name, _statement, step = parts[index]
        step.ticket, written[name] = ticket, ticket
        written_as(step, event_id)
        asked = asked_here or asked
    return CallWritten(written.get("finished"), written.get("called"), asked)


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
