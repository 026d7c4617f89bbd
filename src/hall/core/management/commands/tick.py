from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hall.core.jobs import REGISTRY, run_due_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs that are due, once (for cron or a systemd timer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--job", action="append", choices=sorted(REGISTRY), help="only this job"
        )

    def handle(self, *args: Any, job: list[str] | None, **options: Any) -> None:
        outcomes = run_due_jobs(names=job)
        for outcome in outcomes:
            mark = "ok" if outcome.succeeded else "FAILED"
            self.stdout.write(f"{outcome.name}: {mark} {outcome.summary}")
        if not outcomes:
            self.stdout.write("no job due")
        if any(not o.succeeded for o in outcomes):
            raise CommandError("a periodic job failed")
