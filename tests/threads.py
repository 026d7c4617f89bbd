"""Real threads, each with its own database connection, started at the same instant."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_in_threads(work: Callable[[int], None], *, count: int) -> None:
    """Run `work(index)` in `count` threads released together; fail on any exception."""
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as failure:  # reported to the test below
            failures.append(failure)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], failures
