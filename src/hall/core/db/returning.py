"""UPDATE … RETURNING through Django's own SQL, for both databases.

Django's `update()` answers a count; a hot path that must claim a row and read it back would
need a second statement. Here the UPDATE is compiled by Django (its WHERE, subqueries, row
locks and expressions, as for any queryset) and RETURNING reads the changed rows, which are
converted as a query's would be (dates on SQLite, personal data decrypted).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.db import connections, models
from django.db.models.sql import UpdateQuery

M = TypeVar("M", bound=models.Model)


def update_returning(queryset: models.QuerySet[M], **changes: Any) -> list[M]:
    """Apply `changes` to the rows of `queryset` in one statement; the rows as changed."""
    model = queryset.model
    query = cast(UpdateQuery, queryset.query.chain(UpdateQuery))
    query.add_update_values(changes)
    connection = connections[queryset.db]
    sql, params = query.get_compiler(queryset.db).as_sql()
    if not sql:
        return []
    fields = [f for f in model._meta.concrete_fields if f.column]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {columns}", params)
        rows = cursor.fetchall()
    compiler = model._default_manager.none().query.get_compiler(queryset.db)
    expressions = [f.get_col(model._meta.db_table) for f in fields]
    converters = compiler.get_converters(expressions)
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    names = [f.attname for f in fields]
    return [model.from_db(queryset.db, names, row) for row in rows]
