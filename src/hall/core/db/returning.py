"""UPDATE … RETURNING and INSERT … RETURNING for a hot path's SQL, on both databases.

Django's `update()` answers a count; a hot path that must claim a row and read it back would
need a second statement. Here RETURNING reads the changed rows, which are converted as a
query's would be (dates on SQLite, personal data decrypted); the SQL is the caller's, written
once for both databases (hall.queueing.statements).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)


def returning(model: type[models.Model], *, using: str = DEFAULT_DB_ALIAS) -> str:
    """Every column of `model`, in field order: what a RETURNING or a SELECT of a changed row
    names so that `instances` can read it back."""
    quote = connections[using].ops.quote_name
    return ", ".join(quote(str(f.column)) for f in model._meta.concrete_fields if f.column)


def instances(
    model: type[M], rows: Sequence[tuple[Any, ...]], *, using: str = DEFAULT_DB_ALIAS
) -> list[M]:
    """Rows of every column (`returning`'s) as instances, converted as a query's would be."""
    names, converters = _reading(model, using)
    return [model.from_db(using, names, row) for row in converted(model, rows, converters, using)]


def converted(
    model: type[models.Model],
    rows: Sequence[tuple[Any, ...]],
    converters: dict[int, Any],
    using: str = DEFAULT_DB_ALIAS,
) -> list[tuple[Any, ...]]:
    """Rows of a read of `model` with each column converted as a query's would be (dates on
    SQLite, personal data decrypted), by `converters` a compiler found for its columns."""
    if not converters or not rows:
        return list(rows)  # nothing to convert: not copied row by row
    compiler = model._default_manager.none().query.get_compiler(using)
    return [tuple(row) for row in compiler.apply_converters(rows, converters)]


@functools.cache
def _reading(model: type[models.Model], using: str) -> tuple[list[str], dict[int, Any]]:
    """The attributes every column fills and the converters of those that need one, found
    once per model and database (each read of the hot path asked again)."""
    fields = [f for f in model._meta.concrete_fields if f.column]
    compiler = model._default_manager.none().query.get_compiler(using)
    converters = compiler.get_converters([f.get_col(model._meta.db_table) for f in fields])
    return [f.attname for f in fields], converters


def execute_returning(
    model: type[M], sql: str, params: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS
) -> list[M]:
    """Run an UPDATE of `model`'s table (SQL written for both databases) with RETURNING every
    column; the changed rows as instances, converted as a query's would be."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {returning(model, using=using)}", params)
        rows = cursor.fetchall()
    return instances(model, rows, using=using)


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
    fields = _written(model)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [_saved(f, instance, using) for instance in objects for f in fields]
    pk = cast("models.Field[Any, Any]", model._meta.pk)
    sql = (
        f"INSERT INTO {_into(model, fields, using)}"  # noqa: S608
        f" VALUES {', '.join([row] * len(objects))} RETURNING {quote(str(pk.column))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row_id for (row_id,) in cursor.fetchall()]
    for instance, row_id in zip(objects, ids, strict=True):
        written_as(instance, row_id, using=using)
    return list(objects)


def written_as(instance: models.Model, pk: Any, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The instance as a row its INSERT just wrote, with the id it was given."""
    instance.pk = pk
    instance._state.adding, instance._state.db = False, using


def _written(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns an INSERT writes: every one but the id."""
    return [f for f in model._meta.concrete_fields if f.column and not f.primary_key]


def _saved(field: models.Field[Any, Any], instance: models.Model, using: str) -> Any:
    """The field's value as a save would write it (`pre_save`: digests, timestamps;
    encryption)."""
    return field.get_db_prep_save(field.pre_save(instance, add=True), connections[using])


def _into(model: type[models.Model], fields: Sequence[models.Field[Any, Any]], using: str) -> str:
    quote = connections[using].ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    return f"{quote(model._meta.db_table)} ({columns})"


def insert_selecting(
    objects: Sequence[tuple[M, str]],
    *,
    from_row: Mapping[str, str],
    using: str = DEFAULT_DB_ALIAS,
) -> tuple[str, list[Any]]:
    """An INSERT of `objects` (of one model) for a PostgreSQL data-modifying CTE, each written
    from the row of the CTE named beside it: the columns in `from_row` are that row's (column ->
    the row's column, such as {"ticket_id": "id"}), the others the object's own values,
    prepared as in a save and cast to their column's type (a NULL beside a NULL has none).
    Rows are written in the order given, so their ids follow it. Returns (SQL, parameters)."""
    model = type(objects[0][0])
    connection = connections[using]
    fields = _written(model)
    selects, params = [], []
    for step, (instance, source) in enumerate(objects):
        values = [f"{step} AS step"]
        for index, field in enumerate(fields):
            if (column := str(field.column)) in from_row:
                values.append(f"{source}.{connection.ops.quote_name(from_row[column])} AS c{index}")
                continue
            values.append(f"CAST(%s AS {field.db_type(connection)}) AS c{index}")
            params.append(_saved(field, instance, using))
        selects.append(f"SELECT {', '.join(values)} FROM {source}")  # noqa: S608
    picked = ", ".join(f"c{index}" for index in range(len(fields)))
    sql = (
        f"INSERT INTO {_into(model, fields, using)}"  # noqa: S608
        f" SELECT {picked} FROM ({' UNION ALL '.join(selects)}) AS steps ORDER BY step"
    )
    return sql, params
