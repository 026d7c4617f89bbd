from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import uvicorn
import uvicorn.config
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core.health import redis_failure


class Command(BaseCommand):
    help = "Serve Hall over HTTP and WebSocket (uvicorn), running the periodic jobs in-process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HALL_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("HALL_PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes (PostgreSQL + Redis for more than one)",
        )
        parser.add_argument(
            "--no-jobs", action="store_true", help="leave periodic jobs to `hall tick`"
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, no_jobs: bool, **options: Any
    ) -> None:
        if workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        if workers > 1 and not settings.REDIS_URL:
            # Each process would have its own screens and limits: a call made in one would
            # never reach the boards connected to another.
            raise CommandError(
                _("Several processes share live screens and limits through Redis: set REDIS_URL.")
            )
        if settings.REDIS_URL:
            redis_must_answer(settings.REDIS_URL)
        # Read by hall.asgi in every worker process, so it goes through the environment.
        os.environ["HALL_JOBS_IN_PROCESS"] = "0" if no_jobs else "1"
        if workers > 1:  # several processes share the cores: fewer threads each (settings)
            os.environ.setdefault("HALL_HTTP_THREADS", str(settings.HALL_HTTP_THREADS_SHARED))
            os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics_directory()))
        self.stdout.write(
            _("Hall on http://%(host)s:%(port)s/ (%(workers)s processes); Ctrl+C stops it.")
            % {"host": host, "port": port, "workers": workers}
        )
        uvicorn.run(
            "hall.asgi:application",
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            lifespan="on",
            log_config=server_log_config(),
            access_log=False,  # hall.core.tracing writes each request's line, with its id
            **proxy_options(),
        )


def redis_must_answer(url: str) -> None:
    """Refuse to start without the Redis the settings name: screens and limits would be
    split between processes without a word (systemd starts again until it answers)."""
    if redis_failure(url) is not None:
        where = urlsplit(url)
        raise CommandError(
            _("Redis at %(host)s:%(port)s does not answer: start it (or unset REDIS_URL).")
            % {"host": where.hostname, "port": where.port or 6379}
        ) from None


def metrics_directory() -> Path:
    """Where the processes write their figures for /metrics (hall.core.metrics), emptied at
    each start: what a process counted before a restart is not counted twice."""
    directory = Path(settings.DATA_DIR) / "metrics"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(mode=0o700)
    return directory


def proxy_options() -> dict[str, Any]:
    """Believe X-Forwarded-For only from the proxies the settings name (none by default):
    from anyone else it is a header the client made up."""
    trusted = settings.HALL_TRUSTED_PROXIES
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(trusted)}


def server_log_config() -> dict[str, Any]:
    """uvicorn's own logging, with secrets hidden from its access log (hall.core.logs)."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["filters"] = {"hide_secrets": {"()": "hall.core.logs.HideSecrets"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["hide_secrets"]
    return config
