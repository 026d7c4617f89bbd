"""Hot reads written with the ORM and compiled to SQL once per process and database.

Every key of every workstation reads the ticket at its window. Building and compiling that
queryset (a ticket's 28 columns, its filter and order) cost about 0.5 ms of Python, more than
the database took to answer it (PostgreSQL, 2-core machine); a province's peak hour asks it
about a hundred times a second. A `PreparedRead` builds its queryset once, with stand-ins for
its arguments, keeps the SQL and finds each stand-in among the parameters; each read then only
puts the arguments in their places and turns the rows into instances, converted as a query's
would be. The queryset stays the one text of the read, for both databases.

`all` and `first` answer instances, for reads of every column of one model (no
`select_related`, `only` or annotations); `rows` answers the values of any read (`values_list`,
counts), converted too. Arguments are ids or strings, each used as one parameter (not a list
for `__in`).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models

from hall.core.db.returning import converted, instances

M = TypeVar("M", bound=models.Model)

# A stand-in no real argument takes, within an integer column's range (Django drops a
# comparison with a number out of the field's range): no string of ours holds a NUL.
_stand_ins = itertools.count(1)


def _stand_in(kind: type) -> Any:
    number = next(_stand_ins)
    if kind is int:
        return 2_000_000_000 + number
    if kind is str:
        return f"\x00stand-in-{number}"
    raise TypeError(f"a prepared read takes ids and strings, not {kind.__name__}")


@dataclass(frozen=True)
class _Compiled(Generic[M]):
    sql: str
    params: tuple[Any, ...]
    slots: tuple[str | None, ...]  # the argument each parameter is, None for a constant
    model: type[M]
    whole_rows: bool  # every column of the model, in field order: rows are instances
    converters: dict[int, Any]  # for `rows`: each column's, as the compiler found them


class PreparedRead(Generic[M]):
    """`build(**arguments)` answers the queryset; `kinds` names each argument's type."""

    def __init__(self, build: Callable[..., models.QuerySet[M, Any]], **kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self._compiled: dict[str, _Compiled[M]] = {}
        self._lock = threading.Lock()

    def all(self, *, using: str = DEFAULT_DB_ALIAS, **arguments: Any) -> list[M]:
        compiled = self._compile(using)
        if not compiled.whole_rows:
            raise ValueError("a prepared read of instances reads every column of one model")
        return instances(compiled.model, self._fetch(compiled, using, arguments), using=using)

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **arguments: Any) -> list[tuple[Any, ...]]:
        """The rows' values (a `values_list` read, counts), converted as the queryset's."""
        compiled = self._compile(using)
        rows = self._fetch(compiled, using, arguments)
        return converted(compiled.model, rows, compiled.converters, using)

    @staticmethod
    def _fetch(
        compiled: _Compiled[M], using: str, arguments: dict[str, Any]
    ) -> list[tuple[Any, ...]]:
        params = [
            arguments[slot] if slot is not None else value
            for value, slot in zip(compiled.params, compiled.slots, strict=True)
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return cursor.fetchall()

    def first(self, *, using: str = DEFAULT_DB_ALIAS, **arguments: Any) -> M | None:
        """The first row's instance (the queryset says the order and, best, a limit of 1)."""
        found = self.all(using=using, **arguments)
        return found[0] if found else None

    def _compile(self, using: str) -> _Compiled[M]:
        compiled = self._compiled.get(using)
        if compiled is not None:
            return compiled
        with self._lock:
            if using not in self._compiled:
                self._compiled[using] = self._compile_now(using)
            return self._compiled[using]

    def _compile_now(self, using: str) -> _Compiled[M]:
        stand_ins = {name: _stand_in(kind) for name, kind in self.kinds.items()}
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in stand_ins.items()}
        slots = tuple(
            by_value.get(value) if isinstance(value, int | str) else None for value in params
        )
        for name in stand_ins:
            if slots.count(name) != 1:
                raise ValueError(f"argument {name!r} must be one parameter of the read")
        model = queryset.model
        selected = [expression for expression, _sql, _alias in compiler.select]
        columns = [getattr(expression, "target", None) for expression in selected]
        whole_rows = (
            compiler.klass_info is not None
            and not compiler.klass_info.get("related_klass_infos")
            and columns == [f for f in model._meta.concrete_fields if f.column]
        )
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            model=model,
            whole_rows=whole_rows,
            converters=compiler.get_converters(selected),
        )
