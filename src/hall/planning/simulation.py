"""A discrete-event simulation (SimPy) of a group of windows over a day: walk-ins arriving at
each half-hour's rate, some with a priority head start, appointments at their booked times
(called before walk-ins, as the queue does), no-shows who take the window a moment when
called, and exponential service times. It checks Erlang C where the theory's assumptions do
not hold, and says how sure it is: the mean of independent replications with a 95 %
confidence interval."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import simpy

SLOT_MINUTES = 30
# Student's t at 97.5 % for 1–30 degrees of freedom (the interval of a few replications);
# beyond, the normal's 1.96.
T_975 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip
FIRST, SECOND = 0, 1  # PriorityResource serves the lower number first


@dataclass(frozen=True)
class Scenario:
    windows: int
    service_minutes: float  # the mean; exponential
    walk_ins_per_hour: list[float]  # one rate for each half-hour from the start
    priority_share: float = 0.0  # of walk-ins, served before the others (优先)
    appointments: list[float] = field(default_factory=list)  # minutes from the start
    no_show_share: float = 0.0  # of those called, not there (过号)
    no_show_minutes: float = 1.0  # how long a window waits for one
    answer_within: float = 15
    warm_up_minutes: float = 0  # people arriving before this are not counted

    @property
    def minutes(self) -> float:
        return SLOT_MINUTES * len(self.walk_ins_per_hour)


@dataclass(frozen=True)
class Outcome:
    service_level: float  # the mean over the replications
    half_width: float  # of its 95 % confidence interval
    mean_wait_minutes: float
    by_kind: dict[str, float]  # the service level of walk-ins, priority and appointments
    replications: int
    people: int  # counted, over all replications

    @property
    def interval(self) -> tuple[float, float]:
        return self.service_level - self.half_width, self.service_level + self.half_width

    def contains(self, value: float) -> bool:
        low, high = self.interval
        return low <= value <= high


@dataclass
class _Tally:
    called_in_time: dict[str, int] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)
    waited: float = 0.0

    def add(self, kind: str, waited: float, in_time: bool) -> None:
        self.counted[kind] = self.counted.get(kind, 0) + 1
        self.called_in_time[kind] = self.called_in_time.get(kind, 0) + in_time
        self.waited += waited

    @property
    def people(self) -> int:
        return sum(self.counted.values())


def _person(
    env: simpy.Environment,
    windows: simpy.PriorityResource,
    scenario: Scenario,
    rng: random.Random,
    tally: _Tally,
    kind: str,
) -> Generator[Any, Any, None]:
    arrived = env.now
    with windows.request(priority=SECOND if kind == "walk_in" else FIRST) as turn:
        yield turn
        waited = env.now - arrived
        if rng.random() < scenario.no_show_share:
            yield env.timeout(scenario.no_show_minutes)
            return  # called and not there: not counted in the service level
        if arrived >= scenario.warm_up_minutes:
            tally.add(kind, waited, waited <= scenario.answer_within)
        yield env.timeout(rng.expovariate(1 / scenario.service_minutes))


def _walk_ins(
    env: simpy.Environment,
    windows: simpy.PriorityResource,
    scenario: Scenario,
    rng: random.Random,
    tally: _Tally,
) -> Generator[Any, Any, None]:
    """A Poisson stream whose rate changes each half-hour: memoryless, so at a change the
    next arrival is drawn afresh at the new rate."""
    for slot, per_hour in enumerate(scenario.walk_ins_per_hour):
        ends = (slot + 1) * SLOT_MINUTES
        while per_hour > 0:
            gap = rng.expovariate(per_hour / 60)
            if env.now + gap >= ends:
                break
            yield env.timeout(gap)
            kind = "priority" if rng.random() < scenario.priority_share else "walk_in"
            env.process(_person(env, windows, scenario, rng, tally, kind))
        yield env.timeout(max(0.0, ends - env.now))


def _appointments(
    env: simpy.Environment,
    windows: simpy.PriorityResource,
    scenario: Scenario,
    rng: random.Random,
    tally: _Tally,
) -> Generator[Any, Any, None]:
    for at in sorted(scenario.appointments):
        yield env.timeout(max(0.0, at - env.now))
        env.process(_person(env, windows, scenario, rng, tally, "appointment"))


def replicate(scenario: Scenario, seed: int) -> _Tally:
    """One day: everyone who arrived is served, however long after closing that takes."""
    rng = random.Random(seed)  # noqa: S311  # a seeded stream to repeat a day, not a secret
    env = simpy.Environment()
    windows = simpy.PriorityResource(env, capacity=scenario.windows)
    tally = _Tally()
    env.process(_walk_ins(env, windows, scenario, rng, tally))
    env.process(_appointments(env, windows, scenario, rng, tally))
    env.run()
    return tally


def simulate(scenario: Scenario, *, replications: int = 20, seed: int = 0) -> Outcome:
    """The mean service level of independent days, with its 95 % confidence interval."""
    if scenario.windows < 1 or replications < 2:
        raise ValueError("at least one window and two replications")
    tallies = [replicate(scenario, seed * 10_007 + n) for n in range(replications)]
    levels = [sum(t.called_in_time.values()) / t.people if t.people else 1.0 for t in tallies]
    spread = statistics.stdev(levels)
    student = T_975[replications - 2] if replications - 1 <= len(T_975) else 1.96
    people = sum(t.people for t in tallies)
    by_kind: dict[str, float] = {}
    for kind in ("walk_in", "priority", "appointment"):
        counted = sum(t.counted.get(kind, 0) for t in tallies)
        if counted:
            by_kind[kind] = sum(t.called_in_time.get(kind, 0) for t in tallies) / counted
    return Outcome(
        service_level=statistics.fmean(levels),
        half_width=student * spread / math.sqrt(replications),
        mean_wait_minutes=sum(t.waited for t in tallies) / people if people else 0.0,
        by_kind=by_kind,
        replications=replications,
        people=people,
    )
