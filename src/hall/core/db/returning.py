"""UPDATE … RETURNING and INSERT … RETURNING for a hot path's SQL, on both databases.

Django's `update()` answers a count; a hot path that must claim a row and read it back would
need a second statement. Here RETURNING reads the changed rows, which are converted as a
query's would be (dates on SQLite, personal data decrypted); the SQL is the caller's, written
once for both databases (hall.queueing.statements).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)


def execute_returning(
    model: type[M], sql: str, params: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS
) -> list[M]:
    """Run an UPDATE of `model`'s table (SQL written for both databases) with RETURNING every
    column; the changed rows as instances, converted as a query's would be."""
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if f.column]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {columns}", params)
        rows = cursor.fetchall()
    compiler = model._default_manager.none().query.get_compiler(using)
    expressions = [f.get_col(model._meta.db_table) for f in fields]
    converters = compiler.get_converters(expressions)
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    names = [f.attname for f in fields]
    return [model.from_db(using, names, row) for row in rows]


def insert_returning(objects: Sequence[M], *, using: str = DEFAULT_DB_ALIAS) -> list[M]:
    """Insert `objects` (of one model) in one INSERT … VALUES … RETURNING their ids, for both
    databases: `create` and `bulk_create` compile a new statement each time, which cost a
    call or an issue about 1 ms (bench, PostgreSQL). Fields prepare their values as in a save
    (`pre_save`: digests, timestamps; encryption). Not for models with database defaults."""
    if not objects:
        return []
    model = type(objects[0])
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if f.column and not f.primary_key]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [
        f.get_db_prep_save(f.pre_save(instance, add=True), connection)
        for instance in objects
        for f in fields
    ]
    pk = cast("models.Field[Any, Any]", model._meta.pk)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns})"  # noqa: S608
        f" VALUES {', '.join([row] * len(objects))} RETURNING {quote(str(pk.column))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row_id for (row_id,) in cursor.fetchall()]
    for instance, row_id in zip(objects, ids, strict=True):
        instance.pk = row_id
        instance._state.adding, instance._state.db = False, using
    return list(objects)
