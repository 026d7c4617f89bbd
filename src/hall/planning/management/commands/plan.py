from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core.calendar import month_named
from hall.core.errors import DomainError
from hall.core.models import Hall
from hall.planning.erlang import erlang_c
from hall.planning.services import advice_apply
from hall.planning.staffing import advise


class Command(BaseCommand):
    help = "Planning (D2, D3): erlang … (wait figures for C windows); staffing --hall H --month M."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        erlang = actions.add_parser("erlang", help="Erlang C figures for each window count")
        erlang.add_argument("--arrivals-per-hour", type=float, required=True)
        erlang.add_argument("--service-minutes", type=float, required=True)
        erlang.add_argument("--windows", type=int, nargs="+", required=True)
        erlang.add_argument("--answer-within", type=float, default=15, help="minutes")
        erlang.add_argument("--json", action="store_true", help="JSON instead of a table")
        staffing = actions.add_parser(
            "staffing", help="the forecast and the advised windows per half-day"
        )
        staffing.add_argument("--hall", required=True)
        staffing.add_argument("--month", required=True, help="YYYY-MM")
        staffing.add_argument(
            "--apply", action="store_true", help="as the month's required windows"
        )
        staffing.add_argument("--json", dest="json_file", help="write to FILE (default: stdout)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "erlang":
                self._erlang(options)
            else:
                self._staffing(options)
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
            self.stdout.write(json.dumps([a.as_json() for a in answers], indent=2))
            return
        self.stdout.write("windows  wait_probability  mean_wait_minutes  service_level")
        for a in answers:
            self.stdout.write(
                f"{a.windows:7}  {a.wait_probability:16.6f}  "
                f"{a.mean_wait_minutes:17.3f}  {a.service_level:13.6f}"
            )

    def _staffing(self, options: dict[str, Any]) -> None:
        hall = Hall.objects.filter(code=options["hall"]).first()
        if hall is None:
            raise CommandError(_("No hall with the code %(code)s.") % {"code": options["hall"]})
        month = month_named(options["month"])
        if options["apply"]:
            advice, closed = advice_apply(actor=None, hall=hall, month=month, via="cli")
            self.stderr.write(_("%(n)s window half-days closed as advised.") % {"n": closed})
        else:
            advice = advise(hall, month)
        text = json.dumps(advice.as_json(), ensure_ascii=False, indent=2)
        if options["json_file"]:
            Path(options["json_file"]).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
