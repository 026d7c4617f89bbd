"""What happened in the seconds when a replay's slow requests bunched (bench.province).

Slow requests spread over the hour are queueing; bunched in a few seconds, they are a stall,
and a stall has a cause that shows in one of four places at the same second: a server
process's collector (`hall serve` logs a pause of 100 ms or more), the load generator's own
collector or event loop (then the requests were not slow, their timing was), or a PostgreSQL
checkpoint, a slow statement or a lock wait (its log, where this machine lets the bench
read it).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import gc
import glob
import os
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

LATE_LOOP_SECONDS = 0.05  # the generator's loop woke this much later than asked
GENERATOR_PAUSE_SECONDS = 0.02
NEAR_SECONDS = 1.0  # an event this close to a slow second is shown beside it
POSTGRES_LOG = os.environ.get("HALL_BENCH_POSTGRES_LOG", "/var/log/postgresql/postgresql-*.log")

SERVER_PAUSE = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) WARNING hall\.memory .*paused this process "
    r"for (?P<ms>\d+) ms \(generation (?P<generation>\d)\)",
    re.MULTILINE,
)
# What PostgreSQL logs of a stall: checkpoints (logged by default since 15) and, where the
# installation asks for them (log_min_duration_statement, log_lock_waits), slow statements
# and lock waits.
POSTGRES_STALL = re.compile(
    r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \w+) \[\d+\] (?:\S+ )?LOG:  (?P<what>"
    r"checkpoint (?:starting: [\w ]+|complete: .*?write=[\d.]+ s, sync=[\d.]+ s)"
    r"|duration: [\d.]+ ms +statement: .{0,60}"
    r"|process \d+ still waiting for .{0,80})",
    re.MULTILINE,
)


@dataclass
class Event:
    at: float  # wall-clock seconds
    what: str
    near: float = NEAR_SECONDS  # shown beside a slow second this close to it


@dataclass
class GeneratorWatch:
    """The load generator's own stalls, in wall-clock time: its collector's pauses and its
    event loop waking late (a request timed across either looks slower than it was)."""

    events: list[Event] = field(default_factory=list)
    _began: float = 0.0

    def _collector(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        paused = time.perf_counter() - self._began
        if paused >= GENERATOR_PAUSE_SECONDS:
            what = f"generator's collector {paused * 1000:.0f} ms (gen {info['generation']})"
            self.events.append(Event(time.time(), what))

    async def watch(self) -> None:
        gc.callbacks.append(self._collector)
        machine = asyncio.create_task(self._machine())
        try:
            while True:
                asked = time.perf_counter()
                await asyncio.sleep(LATE_LOOP_SECONDS)
                late = time.perf_counter() - asked - LATE_LOOP_SECONDS
                if late >= LATE_LOOP_SECONDS:
                    self.events.append(
                        Event(time.time(), f"generator's loop {late * 1000:.0f} ms late")
                    )
        finally:
            gc.callbacks.remove(self._collector)
            machine.cancel()

    async def _machine(self) -> None:
        """Each second the machine's cores busy and how long tasks waited for one (the
        kernel's pressure figure): starved of CPU, or stalled inside."""
        ticks = os.sysconf("SC_CLK_TCK")
        before, processes_before = _machine_now(), processes()
        while True:
            await asyncio.sleep(1)
            now, running = _machine_now(), processes()
            busy = (now[0] - before[0]) / ticks
            waited = (now[1] - before[1]) / 1000
            used = Counter(
                {
                    f"{name} {pid}": (spent - processes_before.get(pid, (0, name, 0))[2]) / ticks
                    for pid, (_parent, name, spent) in running.items()
                }
            )
            top = ", ".join(f"{who} {cores:.2f}" for who, cores in used.most_common(4))
            what = f"machine {busy:.1f} cores, waited {waited:.0f} ms ({top})"
            self.events.append(Event(time.time() - 0.5, what, near=0.0))  # the second it covers
            before, processes_before = now, running


def python_speed() -> float:
    """Millions of simple Python steps a second on an idle machine: the same code's figures
    moved by half between runs here (a host's other guests), and this shows how fast the
    machine was when a replay ran."""
    best = float("inf")
    for _ in range(3):  # the best of three: a single pass is a tenth of a second
        started = time.perf_counter()
        total = 0
        for step in range(3_000_000):
            total += step & 7
        best = min(best, time.perf_counter() - started)
    return 3 / best


def _machine_now() -> tuple[int, int]:
    """Ticks the machine's cores spent busy (steal included) and microseconds tasks waited
    for a core, so far."""
    with open("/proc/stat") as stat:
        fields = [int(n) for n in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    waited = 0
    with contextlib.suppress(OSError), open("/proc/pressure/cpu") as pressure:
        waited = int(pressure.readline().rsplit("total=", 1)[1])
    return sum(fields[:8]) - idle, waited


def processes() -> dict[int, tuple[int, str, int]]:
    """Each process's parent, name and the CPU ticks it has used so far, from /proc."""
    used = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry.name}/stat") as file:
                stat = file.read()
                fields = stat[stat.rindex(")") + 2 :].split()
                name = stat[stat.index("(") + 1 : stat.rindex(")")]
                used[int(entry.name)] = (int(fields[1]), name, int(fields[11]) + int(fields[12]))
    return used


def server_pauses(log: str) -> list[Event]:
    return [
        Event(
            _local(m["at"], "%Y-%m-%d %H:%M:%S,%f").timestamp(),
            f"server's collector {m['ms']} ms (gen {m['generation']})",
        )
        for m in SERVER_PAUSE.finditer(log)
    ]


def postgres_stalls(since: float, until: float) -> list[Event] | None:
    """What PostgreSQL logged of stalls between two times, or None where its log cannot be
    read."""
    found: list[Event] = []
    paths = glob.glob(POSTGRES_LOG)
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as log:
                text = log.read()
        except OSError:
            return None
        for m in POSTGRES_STALL.finditer(text):
            at = _local(m["at"][:23], "%Y-%m-%d %H:%M:%S.%f")
            if m["at"][24:] == "UTC":  # PostgreSQL's log_timezone, where it is not the machine's
                at = at.replace(tzinfo=datetime.UTC)
            stamp = at.timestamp()
            if since <= stamp <= until:
                found.append(Event(stamp, m["what"]))
    return found if paths else None


def _local(text: str, layout: str) -> datetime.datetime:
    """A log's time, written in the machine's time zone."""
    return datetime.datetime.strptime(text, layout).astimezone()


def worst_seconds(slow: list[tuple[float, str]], events: list[Event], count: int = 5) -> list[str]:
    """The seconds with the most slow requests (when each began, and its kind), each with
    what happened near it."""
    by_second: dict[int, Counter[str]] = defaultdict(Counter)
    for began, kind in slow:
        by_second[int(began)][kind] += 1
    lines = []
    worst = sorted(by_second.items(), key=lambda item: -item[1].total())[:count]
    for second, kinds in worst:
        near = [
            f"{e.what} at {e.at - second:+.1f} s"
            for e in sorted(events, key=lambda e: e.at)
            if second - e.near <= e.at <= second + 1 + e.near
        ]
        clock = time.strftime("%H:%M:%S", time.localtime(second))
        slow_kinds = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
        lines.append(f"{clock} {slow_kinds}; near it: {'; '.join(near) or 'nothing seen'}")
    return lines
