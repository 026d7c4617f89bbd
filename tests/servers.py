"""A real `hall serve` (uvicorn, WebSockets) on the test database, for tests that need one.

The test must be transactional (`django_db(transaction=True)`): the server is another process
and sees only committed data.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

from bench.server import hall_process
from django.conf import settings
from django.db import connection


def test_database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@contextlib.contextmanager
def hall_server(*, workers: int = 1, port: int | None = None, **environ: str) -> Iterator[str]:
    """Yields the base URL of a server on the test database (Redis too, if REDIS_URL is set),
    on `port` if given; `environ` overrides the server's environment."""
    connection.close()  # SQLite: let the server write without our open transaction in the way
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "HALL_DATA_DIR": data_dir,
            "HALL_LOG_LEVEL": "WARNING",
            "HALL_BACKUP_KEEP": "0",  # no daily backup of the test database
            # The server must read what the tests encrypt, whatever its data directory.
            "HALL_SECRET_KEY": settings.SECRET_KEY,
            "HALL_PII_KEY": settings.PII_KEY,
            **environ,
        }
        with hall_process(env, workers=workers, port=port) as bound:
            yield f"http://127.0.0.1:{bound}"
