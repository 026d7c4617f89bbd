"""Gapless numbers (ticket numbers, case numbers): a counter row per key, raised under its lock.

Call inside the transaction that uses the number: the row stays locked until it commits, so
a rolled-back number is handed out again and the sequence has no gaps (ARCHITECTURE.md,
"Concurrency"; never `max() + 1`).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, models, transaction


def _increment(model: type[models.Model], key: dict[str, Any]) -> int | None:
    # One statement that locks, adds and reads back (PostgreSQL and SQLite >= 3.35 both have
    # RETURNING; Django's update() cannot return the new value).
    fields = [model._meta.get_field(name) for name in key]
    columns = [f.column for f in fields if isinstance(f, models.Field) and f.column]
    where = " AND ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET value = value + 1 WHERE {where} RETURNING value",  # noqa: S608  # our own names
            [getattr(value, "pk", value) for value in key.values()],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def next_value(model: type[models.Model], **key: Any) -> int:
    """The next value of the counter `model` identified by `key` (1 for a new key).

    `model` has a `value` column and a unique constraint over the fields of `key`.
    """
    value = _increment(model, key)
    if value is not None:
        return value
    try:
        with transaction.atomic():  # a savepoint: the first number of the day races to insert
            model._default_manager.create(**key, value=1)
        return 1
    except IntegrityError:
        value = _increment(model, key)  # the other one inserted first: count after it
        if value is None:
            raise
        return value
