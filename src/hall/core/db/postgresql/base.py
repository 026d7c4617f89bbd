"""PostgreSQL as Django has it, but for the flush, which the audit trigger must let through."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.backends.postgresql import base, operations

from hall.core.db import POSTGRES_MAINTENANCE


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        # Emptying every table (tests) is the one TRUNCATE the audit trigger lets through;
        # the setting is local to the flush's transaction.
        super().execute_sql_flush([POSTGRES_MAINTENANCE, *sql_list])


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
