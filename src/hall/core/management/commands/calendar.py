from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core import calendar
from hall.core.errors import DomainError
from hall.core.inputs import check_date
from hall.core.services import calendar_import_from_package


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(text)s") % {"text": text}) from None


class Command(BaseCommand):
    help = "Working-day calendar: is-workday DATE, due DATE N, import [YEAR ...], status."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        is_workday = actions.add_parser("is-workday", help="print yes or no")
        is_workday.add_argument("date")
        due = actions.add_parser("due", help="the date N working days after DATE, DATE not counted")
        due.add_argument("date")
        due.add_argument("working_days", type=int)
        imports = actions.add_parser(
            "import", help="copy holidays from the chinese-calendar package"
        )
        imports.add_argument("years", nargs="*", type=int)
        actions.add_parser("status", help="which years are confirmed")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            self._handle(action, options)
        except DomainError as error:
            raise CommandError(error.message) from None

    def _handle(self, action: str, options: dict[str, Any]) -> None:
        if action == "is-workday":
            day = check_date(_date(options["date"]))
            answer = calendar.describe_day(day)
            self._warn_unconfirmed([] if answer.is_confirmed else [day.year])
            self.stdout.write("yes" if answer.is_workday else "no")
        elif action == "due":
            if options["working_days"] < 0:
                raise CommandError(_("The number of working days cannot be negative."))
            due = calendar.add_working_days(_date(options["date"]), options["working_days"])
            self._warn_unconfirmed(due.unconfirmed_years)
            self.stdout.write(due.date.isoformat())
        elif action == "import":
            years = calendar_import_from_package(years=options["years"] or None, via="cli")
            self.stdout.write(
                _("Imported: %(years)s") % {"years": ", ".join(map(str, years)) or "—"}
            )
        else:
            known = calendar.package_years()
            wanted = range(known.start, known.stop + 2)
            unconfirmed = set(calendar.unconfirmed_years(wanted))
            for year in wanted:
                state = _("unconfirmed") if year in unconfirmed else _("confirmed")
                self.stdout.write(f"{year} {state}")

    def _warn_unconfirmed(self, years: Any) -> None:
        if years:
            self.stderr.write(
                _(
                    "Warning: the holidays of %(years)s are not confirmed; "
                    "Monday to Friday are counted as working days."
                )
                % {"years": ", ".join(map(str, years))}
            )
