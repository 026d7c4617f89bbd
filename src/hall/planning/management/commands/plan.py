from __future__ import annotations

import json
import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hall.core.errors import DomainError
from hall.planning.erlang import erlang_c


class Command(BaseCommand):
    help = "Planning (D2, D3): erlang … (wait figures for C windows)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        erlang = actions.add_parser("erlang", help="Erlang C figures for each window count")
        erlang.add_argument("--arrivals-per-hour", type=float, required=True)
        erlang.add_argument("--service-minutes", type=float, required=True)
        erlang.add_argument("--windows", type=int, nargs="+", required=True)
        erlang.add_argument("--answer-within", type=float, default=15, help="minutes")
        erlang.add_argument("--json", action="store_true", help="JSON instead of a table")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            self._erlang(options)
        except DomainError as error:
            raise CommandError(error.message) from None

    def _erlang(self, options: dict[str, Any]) -> None:
        answers = [
            erlang_c(
                options["arrivals_per_hour"],
                options["service_minutes"],
                windows,
                answer_within=options["answer_within"],
            )
            for windows in options["windows"]
        ]
        if options["json"]:
            rows = [a.as_json() for a in answers]
            for row in rows:  # JSON has no infinity: an unstable line waits without end
                if math.isinf(row["mean_wait_minutes"]):
                    row["mean_wait_minutes"] = None  # type: ignore[assignment]
            self.stdout.write(json.dumps(rows, indent=2))
            return
        self.stdout.write("windows  wait_probability  mean_wait_minutes  service_level")
        for a in answers:
            self.stdout.write(
                f"{a.windows:7}  {a.wait_probability:16.6f}  "
                f"{a.mean_wait_minutes:17.3f}  {a.service_level:13.6f}"
            )
