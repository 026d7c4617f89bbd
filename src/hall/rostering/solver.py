"""The roster proposal (S4) as a CP-SAT model. Pure: it knows nothing of Django.

Hard rules: every required window and half-day is staffed (a slot nobody can take becomes a
reported gap, never a silent hole); nobody works while on approved leave or where they may not
serve (department, window post, valid qualification); one place at a time; a window's A-post
person is at it or its B-post person is on duty; the hall's most working days in a row.
Soft goals, in this order of weight: people on duty on their working days, requested days off
granted, window duty spread fairly, few changes against the existing draft.

The staff and windows split into independent groups (a department's people only serve its
windows), each solved on its own: a hall is many small problems, not one large one.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

PERIODS = ("am", "pm")
HalfDay = tuple[datetime.date, str]

# Weights of the objective: a gap outweighs everything else together.
GAP = 100_000
AB_BROKEN = 10_000
UNWANTED_DAY_OFF = 20
WISH_DENIED = 5
SPREAD = 2
CHANGE = 1


@dataclass(frozen=True)
class Slot:
    """A window that must be staffed for a half-day."""

    day: datetime.date
    period: str
    window: int


@dataclass
class Person:
    id: int
    name: str
    windows: frozenset[int]  # where they may serve at all
    away: dict[HalfDay, str] = field(default_factory=dict)  # approved leave, with its kind
    not_at: dict[tuple[datetime.date, int], str] = field(default_factory=dict)  # e.g. expired
    wishes_off: set[datetime.date] = field(default_factory=set)


@dataclass
class Problem:
    working_days: list[datetime.date]  # the month's working days, in order
    required: list[Slot]
    people: list[Person]
    ab_pairs: dict[int, tuple[int, int]] = field(default_factory=dict)  # window -> (A, B)
    max_consecutive_days: int = 6
    previous: dict[tuple[datetime.date, str, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Placement:
    day: datetime.date
    period: str
    window: int | None  # None: the backup post
    person: int
    post: str  # "A", "B" or "" (backup)


@dataclass(frozen=True)
class Gap:
    slot: Slot
    reason: str
    why_not: list[tuple[str, str]]  # (person, why they could not take it)


@dataclass
class Solution:
    placements: list[Placement]
    gaps: list[Gap]  # required half-days nobody staffs
    # The figures `hall roster propose --json` reports: counts, seconds and nested counts.
    stats: dict[str, Any]
    ab_breaks: list[Gap] = field(default_factory=list)  # A and B both away from a window

    @property
    def complete(self) -> bool:
        return not self.gaps


def _groups(problem: Problem) -> list[tuple[list[Person], list[Slot]]]:
    """Independent parts: people and windows connected by who may serve where."""
    parent: dict[object, object] = {}

    def find(node: object) -> object:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: object, b: object) -> None:
        parent[find(a)] = find(b)

    for person in problem.people:
        find(("p", person.id))
        for window in person.windows:
            union(("p", person.id), ("w", window))
    for slot in problem.required:
        find(("w", slot.window))
    people: dict[object, list[Person]] = defaultdict(list)
    slots: dict[object, list[Slot]] = defaultdict(list)
    for person in problem.people:
        people[find(("p", person.id))].append(person)
    for slot in problem.required:
        slots[find(("w", slot.window))].append(slot)
    return [(people[root], slots[root]) for root in set(people) | set(slots)]


class _FirstSolutions(cp_model.CpSolverSolutionCallback):
    def __init__(self, gap_vars: list[cp_model.IntVar]) -> None:
        super().__init__()
        self.gap_vars = gap_vars
        self.started = time.perf_counter()
        self.first: float | None = None
        self.first_complete: float | None = None

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        if self.first is None:
            self.first = now
        if self.first_complete is None and not any(self.value(v) for v in self.gap_vars):
            self.first_complete = now


def solve(problem: Problem, *, seconds_per_group: float = 10.0, workers: int = 2) -> Solution:
    started = time.perf_counter()
    placements: list[Placement] = []
    gaps: list[Gap] = []
    ab_breaks: list[Gap] = []
    stats: dict[str, Any] = {
        "groups": 0,
        "status": "OPTIMAL",
        "variables": 0,
        "first_solution_seconds": 0.0,
        "first_complete_seconds": 0.0,
        "soft_violations": {"days_off_not_granted": 0, "changes": 0, "duty_spread": 0},
    }
    for people, slots in _groups(problem):
        if not slots and not people:
            continue
        part = _solve_group(problem, people, slots, seconds_per_group, workers, started)
        placements += part.placements
        gaps += part.gaps
        ab_breaks += part.ab_breaks
        stats["groups"] = int(stats["groups"]) + 1
        stats["variables"] = int(stats["variables"]) + int(part.stats["variables"])
        if part.stats["status"] != "OPTIMAL":
            stats["status"] = part.stats["status"]
        for key in ("first_solution_seconds", "first_complete_seconds"):
            mine, theirs = stats[key], part.stats[key]
            # The whole is complete when its last part is; never, if one part never is.
            stats[key] = None if mine is None or theirs is None else max(mine, theirs)
        violations = stats["soft_violations"]
        for key, value in part.stats["soft_violations"].items():
            if key == "duty_spread":
                violations[key] = max(violations[key], value)
            else:
                violations[key] += value
    stats["wall_seconds"] = round(time.perf_counter() - started, 3)
    stats["required_slots"] = len(problem.required)
    stats["gaps"] = len(gaps)
    placements.sort(key=lambda p: (p.day, p.period, p.window or 0, p.person))
    gaps.sort(key=lambda g: (g.slot.day, g.slot.period, g.slot.window))
    stats["ab_breaks"] = len(ab_breaks)
    return Solution(placements, gaps, stats, ab_breaks)


def _runs(days: list[datetime.date], length: int) -> Iterable[list[datetime.date]]:
    """Every `length` consecutive calendar days that are all working days."""
    working = set(days)
    for first in days:
        run = [first + datetime.timedelta(days=i) for i in range(length)]
        if all(day in working for day in run):
            yield run


def _solve_group(
    problem: Problem,
    people: list[Person],
    slots: list[Slot],
    seconds: float,
    workers: int,
    started: float,
) -> Solution:
    model = cp_model.CpModel()
    days = problem.working_days
    x: dict[tuple[int, datetime.date, str, int], cp_model.IntVar] = {}
    worked: dict[tuple[int, datetime.date], cp_model.IntVar] = {}
    slots_at: dict[HalfDay, list[int]] = defaultdict(list)
    for slot in slots:
        slots_at[(slot.day, slot.period)].append(slot.window)

    penalties: list[cp_model.LinearExprT] = []
    wish_vars: list[cp_model.IntVar] = []
    x_of: dict[int, list[cp_model.IntVar]] = defaultdict(list)  # each person's window duty
    by_id = {p.id: p for p in people}
    for person in people:
        for day in days:
            free = [p for p in PERIODS if (day, p) not in person.away]
            if not free:
                continue
            # A working day is worked whole (leave aside): at a window or on the backup post.
            work = model.new_bool_var(f"worked_{person.id}_{day}")
            worked[(person.id, day)] = work
            for period in free:
                choices = []
                for window in slots_at.get((day, period), []):
                    if window in person.windows and (day, window) not in person.not_at:
                        var = model.new_bool_var(f"x_{person.id}_{day}_{period}_{window}")
                        x[(person.id, day, period, window)] = var
                        choices.append(var)
                if choices:
                    model.add(sum(choices) <= work)  # one place at a time, only when at work
                    x_of[person.id] += choices
            if day in person.wishes_off:
                wish_vars.append(work)
                penalties.append(WISH_DENIED * work)
            else:
                penalties.append(UNWANTED_DAY_OFF * (1 - work))

    gap_vars: dict[Slot, cp_model.IntVar] = {}
    for slot in slots:
        takers = [
            x[(p.id, slot.day, slot.period, slot.window)]
            for p in people
            if (p.id, slot.day, slot.period, slot.window) in x
        ]
        gap = model.new_bool_var(f"gap_{slot.day}_{slot.period}_{slot.window}")
        model.add(sum(takers) + gap == 1)
        gap_vars[slot] = gap
        penalties.append(GAP * gap)

    def b_on_duty(b: int, slot: Slot) -> cp_model.IntVar | int:
        """B is at work that half-day (0 when B is on leave or not in this group)."""
        person = by_id.get(b)
        if person is None or (slot.day, slot.period) in person.away:
            return 0
        return worked.get((b, slot.day), 0)

    ab_broken: dict[Slot, cp_model.IntVar] = {}
    for slot in slots:
        pair = problem.ab_pairs.get(slot.window)
        if pair is None:
            continue
        a, b = pair
        a_here = x.get((a, slot.day, slot.period, slot.window), 0)
        broken = model.new_bool_var(f"ab_{slot.day}_{slot.period}_{slot.window}")
        model.add(a_here + b_on_duty(b, slot) + broken >= 1)  # A here, or B on duty to cover
        ab_broken[slot] = broken
        penalties.append(AB_BROKEN * broken)

    limit = problem.max_consecutive_days
    for person in people:
        for run in _runs(days, limit + 1):
            model.add(sum(worked.get((person.id, day), 0) for day in run) <= limit)

    # Fair spread: each person's window duty near their share of it, the share in proportion
    # to the half-days they are not on leave (a linear measure the solver bounds well).
    available = {
        p.id: sum(1 for day in days for per in PERIODS if (day, per) not in p.away) for p in people
    }
    eligible = [p for p in people if x_of[p.id]]
    total_available = sum(available[p.id] for p in eligible) or 1
    share = {p.id: round(len(slots) * available[p.id] / total_available) for p in eligible}
    deviations: dict[int, cp_model.IntVar] = {}
    for person in eligible:
        duty = sum(x_of[person.id])
        deviation = model.new_int_var(0, len(slots), f"deviation_{person.id}")
        model.add(deviation >= duty - share[person.id])
        model.add(deviation >= share[person.id] - duty)
        deviations[person.id] = deviation
    penalties += [SPREAD * d for d in deviations.values()]

    in_group = {(s.day, s.period, s.window) for s in slots}
    changes: list[cp_model.LinearExprT] = []
    for (day, period, window), person_id in problem.previous.items():
        kept = x.get((person_id, day, period, window))
        if kept is not None:
            changes.append(1 - kept)
        elif (day, period, window) in in_group:
            changes.append(1)  # the draft's person can no longer be there
    penalties += [CHANGE * c for c in changes]

    # A complete hint, every variable set: the search starts from a full roster.
    hint = _greedy(problem, people, slots, x)
    for key, var in x.items():
        model.add_hint(var, int(key in hint))
    at_a_window = {(k[0], k[1]) for k in hint}
    for (person_id, day), var in worked.items():
        busy = (person_id, day) in at_a_window or day not in by_id[person_id].wishes_off
        model.add_hint(var, int(busy))
    covered = {(k[1], k[2], k[3]) for k in hint}
    for slot, var in gap_vars.items():
        model.add_hint(var, int((slot.day, slot.period, slot.window) not in covered))
    for slot, var in ab_broken.items():
        a, b = problem.ab_pairs[slot.window]
        b_person = by_id.get(b)
        b_hinted_on = (
            b_person is not None
            and (slot.day, slot.period) not in b_person.away
            and ((b, slot.day) in at_a_window or slot.day not in b_person.wishes_off)
        )
        a_hinted_here = (a, slot.day, slot.period, slot.window) in hint
        model.add_hint(var, int(not (a_hinted_here or b_hinted_on)))
    hinted_duty: dict[int, int] = defaultdict(int)
    for key in hint:
        hinted_duty[key[0]] += 1
    for person_id, deviation in deviations.items():
        model.add_hint(deviation, abs(hinted_duty[person_id] - share[person_id]))
    model.minimize(sum(penalties))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    # Presolve may otherwise drop the hinted roster (seen: "hint is infeasible" after it).
    solver.parameters.keep_all_feasible_solutions_in_presolve = True
    callback = _FirstSolutions(list(gap_vars.values()))
    status = solver.solve(model, callback)
    offset = callback.started - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"the roster model has no solution: {solver.status_name(status)}")

    placements = []
    taken: dict[tuple[int, datetime.date, str], int] = {}
    for (person_id, day, period, window), var in x.items():
        if solver.value(var):
            pair = problem.ab_pairs.get(window)
            post = "B" if pair and pair[1] == person_id else "A"
            placements.append(Placement(day, period, window, person_id, post))
            taken[(person_id, day, period)] = window
    for person in people:
        for day in days:
            at_work = worked.get((person.id, day))
            if at_work is None or not solver.value(at_work):
                continue
            for period in PERIODS:
                if (day, period) not in person.away and (person.id, day, period) not in taken:
                    placements.append(Placement(day, period, None, person.id, ""))

    gaps = [
        Gap(slot, "nobody", _why_not(slot, people, taken, worked, solver))
        for slot, var in gap_vars.items()
        if solver.value(var)
    ]
    ab_breaks = [
        Gap(slot, "ab", _why_not(slot, people, taken, worked, solver))
        for slot, var in ab_broken.items()
        if solver.value(var)
    ]
    duties = [sum(solver.value(v) for v in x_of[p.id]) for p in eligible]
    return Solution(
        placements,
        gaps,
        ab_breaks=ab_breaks,
        stats={
            "status": solver.status_name(status),
            "variables": len(x) + len(worked),
            "first_solution_seconds": round(offset + (callback.first or 0.0), 3),
            "first_complete_seconds": (
                round(offset + callback.first_complete, 3)
                if callback.first_complete is not None
                else None
            ),
            "soft_violations": {
                "days_off_not_granted": sum(solver.value(v) for v in wish_vars),
                "changes": sum(c if isinstance(c, int) else solver.value(c) for c in changes),
                "duty_spread": (max(duties) - min(duties)) if duties else 0,
            },
        },
    )


def _greedy(
    problem: Problem,
    people: list[Person],
    slots: list[Slot],
    x: dict[tuple[int, datetime.date, str, int], cp_model.IntVar],
) -> set[tuple[int, datetime.date, str, int]]:
    """A quick complete roster to start the search from: half-day by half-day, a window's A
    person when their B is away, the existing draft where it still fits, otherwise whoever
    has had the least window duty so far (a wished day off kept while others can serve)."""
    chosen: set[tuple[int, datetime.date, str, int]] = set()
    duty: dict[int, int] = defaultdict(int)
    by_id = {p.id: p for p in people}
    by_half_day: dict[HalfDay, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_half_day[(slot.day, slot.period)].append(slot)

    def free(person: Person | None, slot: Slot, placed: set[int], *, wish_ok: bool) -> bool:
        return (
            person is not None
            and (person.id, slot.day, slot.period, slot.window) in x
            and person.id not in placed
            and (wish_ok or slot.day not in person.wishes_off)
        )

    for (day, period), here in sorted(by_half_day.items()):
        placed: set[int] = set()
        picks: list[tuple[Person, Slot]] = []
        open_slots = []
        for slot in here:  # first the windows whose B person is away: their A person stays
            pair = problem.ab_pairs.get(slot.window)
            a, b = (by_id.get(pair[0]), by_id.get(pair[1])) if pair else (None, None)
            if (
                a is not None
                and b is not None
                and (day, period) in b.away
                and free(a, slot, placed, wish_ok=True)
            ):
                picks.append((a, slot))
                placed.add(a.id)
            else:
                open_slots.append(slot)
        for slot in open_slots:
            previous = by_id.get(problem.previous.get((day, period, slot.window), -1))
            pick = previous if free(previous, slot, placed, wish_ok=False) else None
            for wish_ok in (False, True):
                candidates = [p for p in people if free(p, slot, placed, wish_ok=wish_ok)]
                if pick is None and candidates:
                    pick = min(candidates, key=lambda p: (duty[p.id], p.id))
            if pick is not None:
                picks.append((pick, slot))
                placed.add(pick.id)
        for person, slot in picks:
            chosen.add((person.id, slot.day, slot.period, slot.window))
            duty[person.id] += 1
    return chosen


def _why_not(
    slot: Slot,
    people: list[Person],
    taken: dict[tuple[int, datetime.date, str], int],
    worked: dict[tuple[int, datetime.date], cp_model.IntVar],
    solver: cp_model.CpSolver,
) -> list[tuple[str, str]]:
    """For each person who may serve at the window: why they are not there."""
    reasons = []
    for person in people:
        if slot.window not in person.windows:
            continue
        if (slot.day, slot.period) in person.away:
            reasons.append((person.name, f"leave:{person.away[(slot.day, slot.period)]}"))
        elif (slot.day, slot.window) in person.not_at:
            reasons.append((person.name, f"not_allowed:{person.not_at[(slot.day, slot.window)]}"))
        elif (person.id, slot.day, slot.period) in taken:
            reasons.append((person.name, f"at_window:{taken[(person.id, slot.day, slot.period)]}"))
        elif (person.id, slot.day) in worked and not solver.value(worked[(person.id, slot.day)]):
            reasons.append((person.name, "rest"))
        else:
            reasons.append((person.name, "on_duty"))
    return reasons
