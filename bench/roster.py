"""Roster proposal figures (issue #5): the demo hall, and a synthetic hall of 300 staff and
100 windows (10 departments of 30 people and 10 windows each) solved by the same solver."""

from __future__ import annotations

import datetime
import json
import random
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bench import server


def _next_month() -> datetime.date:
    today = datetime.datetime.now(datetime.UTC).date()
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def demo_hall(backend: server.Backend, results: dict) -> None:
    month = f"{_next_month():%Y-%m}"
    for label, extra in (
        ("department real-estate", ["--department", "real-estate"]),
        ("whole hall", []),
    ):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "roster.json"
            subprocess.run(
                [
                    *server.HALL,
                    "roster",
                    "propose",
                    "--hall",
                    "demo",
                    "--month",
                    month,
                    "--json",
                    str(out),
                    *extra,
                ],
                env=backend.env,
                check=True,
                capture_output=True,
            )
            report = json.loads(out.read_text())
        per_department = report["statistics"]["per_department"].values()
        row = {
            "required_half_days": len(report["required"]),
            "seconds_final": report["statistics"]["wall_seconds"],
            "seconds_first_complete": max(
                (d["first_complete_seconds"] or 0) for d in per_department
            ),
            "gaps": len(report["gaps"]),
            "soft_violations": _soft(per_department),
        }
        print(
            f"{'[' + backend.name + '] roster demo ' + label:<44} first complete "
            f"{_seconds(row['seconds_first_complete'])}  final {row['seconds_final']:>6.2f} s  "
            f"gaps {row['gaps']}  soft {row['soft_violations']}"
        )
        results[f"{backend.name}.roster.demo.{label.split()[0]}"] = row


def _seconds(value: object) -> str:
    return f"{value:>6.2f} s" if isinstance(value, int | float) else "  never"


def _soft(per_department: Iterable[dict]) -> dict[str, int]:
    """Requested days off not granted and changes add up; the duty spread is the widest."""
    soft = {"days_off_not_granted": 0, "changes": 0, "duty_spread": 0}
    for department in per_department:
        violations = department["soft_violations"]
        soft["days_off_not_granted"] += violations["days_off_not_granted"]
        soft["changes"] += violations["changes"]
        soft["duty_spread"] = max(soft["duty_spread"], violations["duty_spread"])
    return soft


def synthetic(results: dict) -> None:
    """No database: the solver alone on a hall of the size the issue names."""
    from hall.rostering.solver import Person, Problem, Slot, solve

    rng = random.Random(5)  # noqa: S311  # a fixed seed: the same synthetic hall every run
    month = datetime.date(2026, 12, 1)
    days = [month + datetime.timedelta(days=i) for i in range(31)]
    days = [d for d in days if d.weekday() < 5]

    def department(offset: int) -> tuple[list[Person], list[Slot], dict[int, tuple[int, int]]]:
        windows = list(range(offset * 10 + 1, offset * 10 + 11))
        people = []
        for i in range(30):
            pid = offset * 100 + i
            away = {}
            if rng.random() < 0.3:  # about a third take two days' leave in the month
                start = rng.randrange(len(days) - 2)
                away = {(d, p): "vacation" for d in days[start : start + 2] for p in ("am", "pm")}
            wishes = {rng.choice(days)} if rng.random() < 0.2 else set()
            people.append(Person(pid, f"p{pid}", frozenset(windows), away=away, wishes_off=wishes))
        slots = [Slot(d, p, w) for d in days for p in ("am", "pm") for w in windows]
        pairs = {w: (offset * 100 + 2 * k, offset * 100 + 2 * k + 1) for k, w in enumerate(windows)}
        return people, slots, pairs

    one_people, one_slots, one_pairs = department(0)
    cases = {"department (30 staff, 10 windows)": [(one_people, one_slots, one_pairs)]}
    cases["hall (300 staff, 100 windows)"] = [department(k) for k in range(10)]
    for label, parts in cases.items():
        people = [p for part in parts for p in part[0]]
        slots = [s for part in parts for s in part[1]]
        pairs = {w: ab for part in parts for w, ab in part[2].items()}
        solution = solve(Problem(days, slots, people, ab_pairs=pairs), seconds_per_group=4.0)
        soft = solution.stats["soft_violations"]
        row = {
            "seconds_first_complete": solution.stats["first_complete_seconds"],
            "seconds_final": solution.stats["wall_seconds"],
            "gaps": len(solution.gaps),
            "ab_breaks": len(solution.ab_breaks),
            "status": solution.stats["status"],
            "soft_violations": soft,
        }
        print(
            f"{'[solver] ' + label:<44} first complete {_seconds(row['seconds_first_complete'])}  "
            f"final {row['seconds_final']:>6.2f} s  gaps {row['gaps']}  "
            f"A/B both away {row['ab_breaks']}  {row['status']}  soft {soft}"
        )
        results[f"roster.synthetic.{label.split()[0]}"] = row
