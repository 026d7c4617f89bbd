"""Start a real `hall serve` on a fresh database for a benchmark run, and stop it."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

POSTGRES_ADMIN_URL = os.environ.get(
    "HALL_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("HALL_BENCH_REDIS", "redis://127.0.0.1:6379/5")
HALL = [sys.executable, "-m", "hall"]


@dataclass(frozen=True)
class Backend:
    name: str
    env: dict[str, str]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:  # any failure means "skip PostgreSQL in the bench"
        return False


@contextlib.contextmanager
def backend(name: str) -> Iterator[Backend]:
    """A migrated database with the demo hall, as environment variables for `hall`."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"hall-bench-{name}-"))
    env = {
        **os.environ,
        "HALL_DATA_DIR": str(data_dir),
        "HALL_LOG_LEVEL": "WARNING",
        "HALL_BACKUP_KEEP": "0",  # a daily backup at start would weigh on the figures
    }
    env.pop("DATABASE_URL", None)
    database = "hall_bench"
    if name == "postgresql":
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
        env["REDIS_URL"] = REDIS_URL
        # Production takes its keys from the environment: a fresh pair for each run.
        env["HALL_SECRET_KEY"] = secrets.token_urlsafe(48)
        env["HALL_PII_KEY"] = secrets.token_urlsafe(48)
    subprocess.run([*HALL, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    try:
        yield Backend(name, env)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def token_for(backend: Backend, username: str) -> str:
    result = subprocess.run(
        [*HALL, "token", "create", username, "--name", "bench"],
        env=backend.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


@contextlib.contextmanager
def serving(backend: Backend, *, workers: int = 1, log: Path | None = None) -> Iterator[int]:
    """`hall serve` on a free port; yields the port once /api/v1/health answers."""
    with hall_process(backend.env, workers=workers, log=log) as port:
        yield port


@contextlib.contextmanager
def hall_process(
    env: dict[str, str], *, workers: int = 1, port: int | None = None, log: Path | None = None
) -> Iterator[int]:
    """Start `hall serve` with `env` on `port` (a free one if none) and stop it afterwards
    (tests use it too, and start it again on the same port to test a restart). Its log is
    kept in `log` if given."""
    port = port or free_port()
    # The server's log goes to a file: a pipe nobody reads fills up and stalls the server.
    log_file = (
        log.open("w+b")
        if log
        else tempfile.NamedTemporaryFile(prefix="hall-serve-", suffix=".log", delete=False)  # noqa: SIM115
    )
    process = subprocess.Popen(
        [*HALL, "serve", "--port", str(port), "--workers", str(workers), "--no-jobs"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
        # Its own process group, so that its workers end with it (orphaned workers went on
        # spinning after a crashed run and skewed every later measurement).
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/api/v1/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"hall serve did not start: {Path(log_file.name).read_text()[-2000:]}"
                )
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
        process.wait()
        logged = Path(log_file.name).read_text()
        if "Traceback" in logged or "ERROR" in logged:
            last = logged[logged.rfind("Traceback") :] if "Traceback" in logged else logged
            print(f"hall serve on port {port} logged errors, the last:", last[-4000:], sep="\n")
        log_file.close()
        if not log:
            os.unlink(log_file.name)
