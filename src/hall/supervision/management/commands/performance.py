from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core.calendar import month_named
from hall.core.errors import DomainError
from hall.core.models import Hall
from hall.supervision import awards, scoring


class Command(BaseCommand):
    help = "Monthly scores (V5): compute --hall H --month YYYY-MM [--json FILE]."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        compute = actions.add_parser(
            "compute", help="every score with its lines, as the pages show them"
        )
        compute.add_argument("--hall", required=True, help="the hall's code")
        compute.add_argument("--month", required=True, help="YYYY-MM")
        compute.add_argument("--json", dest="json_file", help="write to FILE (default: stdout)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        hall = Hall.objects.filter(code=options["hall"]).first()
        if hall is None:
            raise CommandError(_("No hall with the code %(code)s.") % {"code": options["hall"]})
        try:
            month = month_named(options["month"])
        except DomainError as error:
            raise CommandError(error.message) from None
        data = {
            "hall": hall.code,
            **scoring.month_scores(hall, month).as_json(),
            "awards": awards.awarded_in(hall, month),
        }
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if options["json_file"]:
            Path(options["json_file"]).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
