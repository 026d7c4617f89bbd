"""SQLite with its writers queued inside the process.

With BEGIN IMMEDIATE, a second writer waits in SQLite's busy handler, which sleeps in steps
of up to 100 ms and retries: under 8 concurrent clients that gave p99 latencies above a
second. Queueing writers on a process lock first hands the database over the moment the
previous transaction ends. Other processes are still kept apart by SQLite's own lock.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_writer = threading.Lock()
WAIT_SECONDS = 20  # as long as SQLite's own busy timeout in settings


class DatabaseWrapper(base.DatabaseWrapper):
    holds_writer_lock = False

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
