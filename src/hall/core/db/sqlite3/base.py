"""SQLite with its writers queued inside the process.

With BEGIN IMMEDIATE, a second writer waits in SQLite's busy handler, which sleeps in steps
of up to 100 ms and retries: under 8 concurrent clients that gave p99 latencies above a
second. Queueing writers on a process lock first hands the database over the moment the
previous transaction ends. Other processes are still kept apart by SQLite's own lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base, operations

from hall.core.db import audit_maintenance, chain_hash

_writer = threading.Lock()
WAIT_SECONDS = 20  # as long as SQLite's own busy timeout in settings


class DatabaseOperations(operations.DatabaseOperations):
    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        # Emptying every table (tests) is the one bulk delete the audit trigger lets through.
        with audit_maintenance(self.connection):
            super().execute_sql_flush(sql_list)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    holds_writer_lock = False
    audit_maintenance = False  # read by the audit table's triggers (hall.core.db)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.create_function("hall_chain_hash", 2, chain_hash, deterministic=True)
        connection.create_function("hall_audit_maintenance", 0, lambda: int(self.audit_maintenance))
        _readable_by_owner_only(str(conn_params.get("database", "")))
        return connection

    def _start_transaction_under_autocommit(self) -> None:
        if not _writer.acquire(timeout=WAIT_SECONDS):
            raise OperationalError("database is locked")
        self.holds_writer_lock = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # a private hook the stubs omit
        except BaseException:
            self._release_writer()
            raise

    def _release_writer(self) -> None:
        if self.holds_writer_lock:
            self.holds_writer_lock = False
            _writer.release()

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]  # a private hook the stubs omit
        finally:
            self._release_writer()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]  # a private hook the stubs omit
        finally:
            self._release_writer()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]  # a private hook the stubs omit
        finally:
            self._release_writer()


def _readable_by_owner_only(database: str) -> None:
    """The database holds personal data: only the service's user may read it (and its
    journal files, which hold recent pages of it)."""
    if database.startswith("file:") or database == ":memory:" or not database:
        return
    for name in (database, f"{database}-wal", f"{database}-shm"):
        path = Path(name)
        if path.exists() and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
