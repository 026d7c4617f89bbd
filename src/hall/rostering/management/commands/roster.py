"""`hall roster propose --hall demo --department police --month 2027-01 --json FILE`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hall.core.models import Department, Hall, User
from hall.rostering import selectors, services
from hall.rostering.solver import Solution


class Command(BaseCommand):
    help = "Roster proposals (S4): fill a month with the solver, save it as the draft, report."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        propose = sub.add_parser("propose", help="propose next month's roster")
        propose.add_argument("--hall", required=True, help="hall code")
        propose.add_argument("--department", help="department code (all of the hall if left out)")
        propose.add_argument("--month", required=True, help="YYYY-MM")
        propose.add_argument("--json", dest="json_file", help="write the result to this file")
        propose.add_argument(
            "--seconds", type=float, default=10.0, help="solver time per independent group"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hall = Hall.objects.filter(code=options["hall"]).first()
        if hall is None:
            raise CommandError(f"no hall {options['hall']!r}")
        try:
            month = datetime.date.fromisoformat(f"{options['month']}-01")
        except ValueError as error:
            raise CommandError("--month must look like 2027-01") from error
        departments = Department.objects.filter(hall=hall).order_by("code")
        if options["department"]:
            departments = departments.filter(code=options["department"])
            if not departments:
                raise CommandError(f"no department {options['department']!r} in {hall.code}")
        report = proposal_report(hall, list(departments), month, seconds=options["seconds"])
        text = json.dumps(report, ensure_ascii=False, indent=2)
        if options["json_file"]:
            Path(options["json_file"]).write_text(text, encoding="utf-8")
        stats = report["statistics"]
        self.stdout.write(
            f"{len(report['required'])} window half-days required, "
            f"{len(report['assignments'])} assigned, {len(report['gaps'])} gaps, "
            f"{stats['wall_seconds']} s"
        )
        for gap in report["gaps"]:
            self.stdout.write(
                f"  gap: {gap['date']} {gap['period']} window {gap['window']}: {gap['reason']}"
            )
        month_info = selectors.working_days(month)
        if month_info.unconfirmed_years:
            self.stderr.write(
                f"warning: holidays of {', '.join(map(str, month_info.unconfirmed_years))} are "
                "not confirmed; Monday-Friday assumed"
            )


def proposal_report(
    hall: Hall, departments: list[Department], month: datetime.date, *, seconds: float
) -> dict[str, Any]:
    """Propose each department's roster and gather what the issue's JSON lists."""
    required: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    ab_breaks: list[dict[str, Any]] = []
    per_department: dict[str, Any] = {}
    total_seconds = 0.0
    for department in departments:
        roster, solution = services.roster_propose(
            actor=None, hall=hall, department=department, month=month, seconds=seconds, via="cli"
        )
        usernames = dict(roster.assignments.values_list("staff_id", "staff__username"))
        usernames |= _names(solution)
        slots, _windows = selectors.required_slots(hall, department, month)
        required += [
            {"date": s.day.isoformat(), "period": s.period, "window": s.window} for s in slots
        ]
        assignments += [
            {
                "date": p.day.isoformat(),
                "period": p.period,
                "window": p.window,
                "staff": usernames[p.person],
                "post": p.post,
            }
            for p in solution.placements
            if p.window is not None
        ]
        gaps += [
            {
                "date": g.slot.day.isoformat(),
                "period": g.slot.period,
                "window": g.slot.window,
                "department": department.code,
                "reason": explain(g.reason, g.why_not),
                "candidates": [{"staff": name, "why_not": why} for name, why in g.why_not],
            }
            for g in solution.gaps
        ]
        ab_breaks += [
            {
                "date": g.slot.day.isoformat(),
                "period": g.slot.period,
                "window": g.slot.window,
                "department": department.code,
                "reason": explain(g.reason, g.why_not),
            }
            for g in solution.ab_breaks
        ]
        per_department[department.code] = solution.stats
        total_seconds += float(solution.stats["wall_seconds"])
    return {
        "hall": hall.code,
        "month": month.strftime("%Y-%m"),
        "departments": [d.code for d in departments],
        "unconfirmed_years": list(selectors.working_days(month).unconfirmed_years),
        "required": required,
        "assignments": assignments,
        "gaps": gaps,
        "ab_rule_not_met": ab_breaks,
        "statistics": {
            "wall_seconds": round(total_seconds, 3),
            "complete": not gaps,
            "per_department": per_department,
        },
    }


def _names(solution: Solution) -> dict[int, str]:
    ids = {p.person for p in solution.placements}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))


def explain(reason: str, why_not: list[tuple[str, str]]) -> str:
    """One sentence: what is missing and who could have filled it."""
    if reason == "ab":
        head = "A post away from the window and B post not on duty"
    elif not why_not:
        return (
            "nobody may serve at this window (no one on the roster with the post and qualification)"
        )
    else:
        head = "no one free"
    return head + ": " + "; ".join(f"{name} {why}" for name, why in why_not)
