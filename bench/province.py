"""A province's peak hour, replayed against real `hall serve` processes (#13).

python -m bench.province --halls 50 --minutes 3        one province of 50 halls
python -m bench.province --search 10,25,50,75           the largest H that holds

H halls of the demo's size (24 windows, 9 businesses) on PostgreSQL, served by several `hall
serve` processes with Redis. Every hall has all its screens connected as the browsers keep
them: a workstation at each window (its WebSocket, and the parts of its desk it fetches when
told, as workstation.js does), two boards and a window screen, and a phone page following
about a third of the tickets. Arrivals come at the hall's peak-hour rate from a daily curve;
each window calls at its workstation (办结并叫下一位: finishing the last person in the same
request), starts after the person walks up and serves for a random time, at real speed; each
key is answered with the desk's state, as the page's own requests are.

Reported: p50 / p99 per request kind, calls reaching a board or a phone late (over a second)
or never, tickets lost or called twice, the CPU of the server processes and of PostgreSQL,
and the CPU of an idle province (every screen open, nobody called). A province holds when
every kind's p99 is under 250 ms and nothing is lost, late or called twice; the morning's
backlog, issued in every hall at once before the hour begins, is shown but not judged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import server, stalls

# A hall's day (share of the day's tickets per opening hour, 9:00 to 17:00, from the shape
# halls report: a morning peak, a lunch dip, a smaller afternoon peak) and its size. At the
# peak hour a hall issues PEAK_SHARE * DAILY_TICKETS = 720 tickets: 200 halls make 40 a second.
DAILY_CURVE = [0.12, 0.15, 0.14, 0.10, 0.06, 0.11, 0.13, 0.11, 0.08]
PEAK_SHARE = max(DAILY_CURVE)
DAILY_TICKETS = 4800
BUSINESS_MIX = {
    "household": 18,
    "social-security": 16,
    "medical-insurance": 14,
    "housing-fund": 10,
    "real-estate": 12,
    "business": 8,
    "tax": 10,
    "civil-affairs": 5,
    "consultation": 7,
}
BOARDS_PER_HALL = 3  # the hall board, a zone board, a window screen
PHONE_SHARE = 0.3  # tickets followed on a phone
WALK_SECONDS = (2.0, 8.0)  # from the call to the person at the window
DESK_FALLBACK_SECONDS = 300  # workstation.html's slow poll
DESK_LINE_SECONDS = 3.0  # workstation.js: a free window's list at most this often
LATE_SECONDS = 1.0  # "a call shows at the window and the board within a second"
P99_LIMIT_MS = 250.0
# Server processes: one per core, each with two HTTP threads (`hall serve --workers` above 1).
# Two per core, the earlier choice, held 45 halls at best on 2 cores; one per core held 50 in
# 4 runs of 5, every p99 under 170 ms, on 0.7-0.8 cores of `hall serve` instead of 1.0
# (each process warms its own memos and keeps its own connections and sockets; 2026-12-07).
WORKERS = os.cpu_count() or 1
# The ticket at the window, as the desk's state shows it (workstation.html).
TICKET_AT_WINDOW = re.compile(
    r'data-ticket="(?P<id>\d+)">\s*<p class="desk-number" data-current-number>(?P<number>[^<]+)<'
)
# Sets the scene, all halls at once, before the peak hour: shown, but its p99 is not judged.
MORNING = "issue (the morning so far)"
# What the peak hour asks for, held to the limit (opening the screens and the morning's
# backlog happen before it, and are reported only).
PEAK_KINDS = {"issue", "call-next", "start", "desk state", "desk line", "call heard (board, phone)"}


def percentile(samples: list[float], p: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Http:
    """HTTP/1.1 keep-alive connections to the server, a few per hall, as asyncio streams (a
    full client library costs the load generator more CPU than the server it measures)."""

    def __init__(self, port: int, headers: dict[str, str], size: int = 3) -> None:
        self.port, self.headers = port, headers
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.free = asyncio.Semaphore(size)

    async def request(
        self, method: str, path: str, body: bytes = b"", extra: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        head = {**self.headers, **(extra or {}), "Content-Length": str(len(body))}
        lines = "".join(f"{k}: {v}\r\n" for k, v in head.items())
        request = f"{method} {path} HTTP/1.1\r\nHost: hall\r\n{lines}\r\n".encode() + body
        async with self.free:
            while self.idle:  # the server closes a connection idle for 5 s: then a new one
                reader, writer = self.idle.pop()
                try:
                    return await self._exchange(reader, writer, request)
                except (IndexError, OSError, asyncio.IncompleteReadError):
                    continue
            return await self._exchange(*await self._open(), request)

    async def _exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> tuple[int, bytes]:
        try:
            writer.write(request)
            answer = await self._read(reader)
        except Exception:
            writer.close()
            raise
        self.idle.append((reader, writer))
        return answer

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", self.port, limit=2**20)

    @staticmethod
    async def _read(reader: asyncio.StreamReader) -> tuple[int, bytes]:
        status = int((await reader.readline()).split()[1])
        length, chunked = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value:
                chunked = True
        if not chunked:
            return status, await reader.readexactly(length)
        body = b""
        while size := int((await reader.readline()).strip(), 16):
            body += await reader.readexactly(size + 2)
        await reader.readline()
        return status, body


@dataclass
class Figures:
    """What one replay measured."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    # (hall, number) -> when the call was asked for; and when each screen heard it
    calls: dict[tuple[str, str], float] = field(default_factory=dict)
    heard: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    phone_waits: dict[tuple[str, str], int] = field(default_factory=dict)  # phones following
    claimed: dict[int, str] = field(default_factory=dict)  # ticket id -> hall/window
    called_twice: int = 0
    issued: list[int] = field(default_factory=list)
    slow: list[tuple[float, str]] = field(default_factory=list)  # began (wall clock), kind

    async def timed(self, kind: str, job: Any, ok: tuple[int, ...] = (200,)) -> Any:
        began, started = time.time(), time.perf_counter()
        try:
            status, body = await job
        except Exception as error:
            self.errors[kind] += 1
            self.statuses[f"{kind} {type(error).__name__}"] += 1
            return None, b""
        took = (time.perf_counter() - started) * 1000
        self.latencies[kind].append(took)
        if took > P99_LIMIT_MS and kind != MORNING:
            self.slow.append((began, kind))
        if status not in ok:
            self.errors[kind] += 1
            self.statuses[f"{kind} {status}"] += 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind} {status} {body[:200]!r}")
        return status, body


@dataclass
class Hall:
    code: str
    token: str
    session: str
    windows: dict[str, list[str]]


class Replay:
    def __init__(self, port: int, halls: list[Hall], minutes: float, seed: int = 1) -> None:
        self.port, self.halls, self.seconds = port, halls, minutes * 60
        self.figures = Figures()
        self.random = random.Random(seed)  # noqa: S311  # a replay, not a secret
        self.running = True
        self.rate = DAILY_TICKETS * PEAK_SHARE / 3600  # arrivals per second per hall
        windows = len(next(iter(halls)).windows) if halls else 24
        # Service long enough that a hall's windows call as often as people arrive (90 %).
        self.service_seconds = 0.9 * windows / self.rate
        self.sockets: list[Any] = []
        self.watch = stalls.GeneratorWatch()

    def ws(self, path: str, headers: dict[str, str] | None = None) -> Any:
        from websockets.asyncio.client import connect

        return connect(
            f"ws://127.0.0.1:{self.port}{path}",
            additional_headers=headers,
            max_queue=None,
            open_timeout=30,
            ping_interval=None,
        )

    # Screens -----------------------------------------------------------------------------

    async def board(self, hall: Hall) -> None:
        started = time.perf_counter()
        async with self.ws(f"/ws/board/{hall.code}/") as socket:
            self.figures.latencies["ws board connect"].append(
                (time.perf_counter() - started) * 1000
            )
            async for raw in socket:
                message = json.loads(raw)
                if message.get("type") == "call":
                    self.figures.heard[(hall.code, message["number"])].append(time.perf_counter())

    async def phone(self, hall: Hall, number: str, token: str) -> None:
        with contextlib.suppress(Exception):
            async with self.ws(f"/ws/ticket/{token}/") as socket:
                async for raw in socket:
                    if json.loads(raw).get("type") == "called":
                        self.figures.heard[(hall.code, number)].append(time.perf_counter())
                        return

    async def work(self, hall: Hall, number: str, desk: Desk) -> None:
        """The person at the window, pressing the workstation's keys: 办结并叫下一位 (N), then
        开始办理 (S) once the person has walked up; each answered with the desk's state."""
        await asyncio.sleep(self.random.uniform(0, self.service_seconds))  # not all at once
        finishing: str | None = None
        while self.running:
            if finishing:
                action, form = "finish-and-call-next", f"ticket={finishing}"
            else:
                action, form = "call-next", ""
            asked = time.perf_counter()
            status, state = await desk.act("call-next", action, form)
            ticket = TICKET_AT_WINDOW.search(state) if status == 200 else None
            if ticket is None:
                finishing = None
                desk.free = True
                await desk.someone_waits(20)
                continue
            ticket_id, ticket_number = int(ticket["id"]), ticket["number"]
            desk.free = False
            self.figures.calls[(hall.code, ticket_number)] = asked
            if ticket_id in self.figures.claimed:
                self.figures.called_twice += 1
            self.figures.claimed[ticket_id] = f"{hall.code}/{number}"
            finishing = str(ticket_id)
            await asyncio.sleep(self.random.uniform(*WALK_SECONDS))
            await desk.act("start", "start")
            await asyncio.sleep(self.random.expovariate(1 / self.service_seconds))

    # Arrivals ----------------------------------------------------------------------------

    async def arrivals(self, hall: Hall, http: Http, count: int | None = None) -> None:
        offered = {code for codes in hall.windows.values() for code in codes}
        names = [name for name in BUSINESS_MIX if name in offered]
        weights = [BUSINESS_MIX[name] for name in names]
        issued = 0
        while self.running and (count is None or issued < count):
            if count is None:
                await asyncio.sleep(self.random.expovariate(self.rate))
            category = self.random.choices(names, weights)[0]
            body = json.dumps({"category": category}).encode()
            status, answer = await self.figures.timed(
                "issue" if count is None else MORNING,
                http.request("POST", f"/api/v1/halls/{hall.code}/tickets", body),
                ok=(201,),
            )
            issued += 1
            if status != 201:
                continue
            ticket = json.loads(answer)
            if count is None:
                self.figures.issued.append(ticket["id"])
            if count is None and self.random.random() < PHONE_SHARE:
                token = ticket["follow_url"].rstrip("/").rsplit("/", 1)[-1]
                self.figures.phone_waits[(hall.code, ticket["number"])] = 1
                self.sockets.append(asyncio.create_task(self.phone(hall, ticket["number"], token)))

    # The whole run -----------------------------------------------------------------------

    async def run(self, idle_seconds: float, cpu: Cpu) -> dict[str, Any]:
        https = {
            hall.code: Http(
                self.port,
                {
                    "Authorization": f"Bearer {hall.token}",
                    "Content-Type": "application/json",
                    "Cookie": f"sessionid={hall.session}",
                },
            )
            for hall in self.halls
        }
        # The morning so far: a few people already wait in every line.
        await asyncio.gather(
            *(self.arrivals(hall, https[hall.code], count=30) for hall in self.halls)
        )
        boards = []
        for hall in self.halls:  # the screens are switched on one after another
            for _ in range(BOARDS_PER_HALL):
                boards.append(asyncio.create_task(self.board(hall)))
                await asyncio.sleep(0.02)
        self.running = False  # windows wait until the idle figure is taken
        gate = asyncio.Event()
        desks = []
        for hall in self.halls:  # the workstations open one after another, as in a morning
            for number, categories in hall.windows.items():
                browser = Http(self.port, browser_headers(hall))
                desks.append(
                    asyncio.create_task(self.gated(gate, hall, browser, number, categories))
                )
                await asyncio.sleep(0.02)
        await asyncio.sleep(5)  # every socket open
        cpu.mark()
        await asyncio.sleep(idle_seconds)
        idle = cpu.since_mark()
        self.running = True
        gate.set()
        started = time.perf_counter()
        cpu.mark()
        watching = asyncio.create_task(self.watch.watch())
        arrivals = [
            asyncio.create_task(self.arrivals(hall, https[hall.code])) for hall in self.halls
        ]
        await asyncio.sleep(self.seconds)
        busy = cpu.since_mark()
        elapsed = time.perf_counter() - started
        self.running = False
        await asyncio.sleep(3)  # what is under way arrives
        everything = [*arrivals, *desks, *boards, *self.sockets, watching]
        for task in everything:
            task.cancel()
        await asyncio.gather(*everything, return_exceptions=True)
        return {"idle_cpu": idle, "busy_cpu": busy, "seconds": elapsed}

    async def gated(
        self, gate: asyncio.Event, hall: Hall, http: Http, number: str, categories: list[str]
    ) -> None:
        """A window: its desk open (as workstation.js keeps it) from the start, and the person
        working at it once the gate opens."""
        started = time.perf_counter()
        desk = Desk(self, hall, http, number, categories)
        async with self.ws(
            f"/ws/window/{hall.code}/{number}/", {"Cookie": f"sessionid={hall.session}"}
        ) as socket:
            self.figures.latencies["ws desk connect"].append((time.perf_counter() - started) * 1000)
            listening = asyncio.create_task(desk.listen(socket))
            fallback = asyncio.create_task(desk.fallback())
            try:
                await gate.wait()
                await self.work(hall, number, desk)
            finally:
                listening.cancel()
                fallback.cancel()


class Desk:
    """A workstation's page: fetches the part it is told changed (not what its own keys did:
    their answer had it); its line's list only while the window is free (or once it is free
    again), as workstation.js does."""

    def __init__(
        self, replay: Replay, hall: Hall, http: Http, number: str, categories: list[str]
    ) -> None:
        self.replay, self.hall, self.http = replay, hall, http
        self.number, self.categories = number, categories
        self.free = False  # serving someone from before the replay until its first call
        self.behind = False
        self.counts: dict[str, int] = {}
        self.fetching: set[str] = set()
        self.changed = asyncio.Event()
        self.fetches: set[asyncio.Task[None]] = set()
        self.line_fetched_at = 0.0
        self.line_later: asyncio.TimerHandle | None = None
        self.page = f"bench{secrets.token_hex(8)}"  # workstation.js's X-Hall-Page

    async def act(self, kind: str, action: str, form: str = "") -> tuple[int, str]:
        """A key of the desk's state (hx-target #desk-state): answered with that part."""
        path = f"/window/{self.hall.code}/{self.number}/{action}/"
        status, body = await self.replay.figures.timed(
            kind,
            self.http.request(
                "POST",
                path,
                form.encode(),
                extra={"HX-Request": "true", "HX-Target": "desk-state", "X-Hall-Page": self.page},
            ),
        )
        return status or 0, body.decode(errors="replace")

    def soon_line(self) -> None:
        """The list at once, or once LINE_SECONDS after the last, as workstation.js does."""
        wait = self.line_fetched_at + DESK_LINE_SECONDS - time.monotonic()
        if wait <= 0:
            self.line_fetched_at = time.monotonic()
            self.soon("line")
        elif self.line_later is None:
            self.line_later = asyncio.get_running_loop().call_later(wait, self._line_later)

    def _line_later(self) -> None:
        self.line_later = None
        self.soon_line()

    def soon(self, part: str) -> None:
        task = asyncio.create_task(self.fetch(part))
        self.fetches.add(task)  # held until done (the loop keeps only weak references)
        task.add_done_callback(self.fetches.discard)

    async def fetch(self, part: str) -> None:
        if part in self.fetching:  # hx-sync drop: one fetch of a part at a time
            return
        self.fetching.add(part)
        try:
            path = f"/window/{self.hall.code}/{self.number}/?part={part}"
            await self.replay.figures.timed(
                f"desk {part}", self.http.request("GET", path, extra={"HX-Request": "true"})
            )
        finally:
            self.fetching.discard(part)

    async def listen(self, socket: Any) -> None:
        async for raw in socket:
            message = json.loads(raw)
            part = message.get("part")
            if part in ("waiting", "help"):  # a line of mine moved, or who asks for help
                if part == "waiting":
                    self.counts = {**self.counts, **message["unsent"]}
                self.changed.set()
                if self.free:
                    self.soon_line()
                else:
                    self.behind = True
            elif part == "state" and message.get("origin") == self.page:
                continue  # what this desk did: its answer had it
            elif part in ("state", "line"):
                self.soon(part)
                if part == "state" and self.free and self.behind:
                    self.behind = False
                    self.soon_line()

    async def fallback(self) -> None:
        await asyncio.sleep(self.replay.random.uniform(0, DESK_FALLBACK_SECONDS))
        while True:
            await asyncio.gather(self.fetch("state"), self.fetch("line"))
            await asyncio.sleep(DESK_FALLBACK_SECONDS)

    async def someone_waits(self, timeout: float) -> None:
        """After "nobody waits", a free window calls again once its line has changed and has
        someone (or after `timeout`, as staff look up now and then)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.replay.running:
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), deadline - time.monotonic())
            if any(self.counts.get(code, 0) for code in self.categories):
                return


def browser_headers(hall: Hall) -> dict[str, str]:
    """A workstation's browser: the staff session, and the CSRF token its page sends."""
    token = secrets.token_hex(16)  # 32 characters, as Django's own
    return {
        "Cookie": f"sessionid={hall.session}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }


class Cpu:
    """CPU seconds of the server's processes (a process and its children) and of PostgreSQL's,
    from /proc, between a mark and now."""

    def __init__(self, port: int) -> None:
        self.server_pid = next(
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and f"--port\0{port}\0".encode() in _read(entry / "cmdline")
        )
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.at: tuple[float, float, float, dict[int, float]] = (0.0, 0.0, 0.0, {})

    def _now(self) -> tuple[float, float, float, dict[int, float]]:
        processes = [
            (pid, parent, name, ticks / self.ticks)
            for pid, (parent, name, ticks) in stalls.processes().items()
        ]
        family = {self.server_pid}
        for _ in range(3):
            family |= {pid for pid, parent, _n, _u in processes if parent in family}
        each = {pid: used for pid, _p, _n, used in processes if pid in family}
        postgres = sum(used for _pid, _p, name, used in processes if name.startswith("postgres"))
        return time.perf_counter(), sum(each.values()), postgres, each

    def mark(self) -> None:
        self.at = self._now()

    def since_mark(self) -> dict[str, float]:
        then, now = self.at, self._now()
        wall = now[0] - then[0]
        # A process runs its Python on one core at most (the interpreter lock): the busiest
        # one near 1.0 is saturated whatever the total says.
        busiest = max((used - then[3].get(pid, 0.0) for pid, used in now[3].items()), default=0)
        return {
            "hall_serve_cores": round((now[1] - then[1]) / wall, 2),
            "busiest_process_cores": round(busiest / wall, 2),
            "postgres_cores": round((now[2] - then[2]) / wall, 2),
        }


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def lay_out(backend: server.Backend, first: int, count: int) -> list[Hall]:
    found: list[Hall] = []
    for start in range(first, first + count, 25):  # a process per 25 halls: bounded memory
        size = min(25, first + count - start)
        result = subprocess.run(
            [sys.executable, "-m", "bench.province_setup", str(start), str(size)],
            env=backend.env,
            check=True,
            capture_output=True,
            text=True,
        )
        found += [Hall(**hall) for hall in json.loads(result.stdout)]
    return found


def lost_and_twice(backend: server.Backend, issued: list[int]) -> tuple[int, int]:
    """From the database: issued tickets that are not there, and tickets called more than once
    by a claim (a recall is a call of its own kind)."""
    import psycopg

    with psycopg.connect(backend.env["DATABASE_URL"]) as connection:
        present = connection.execute(
            "SELECT count(*) FROM queueing_ticket WHERE id = ANY(%s)", [issued]
        ).fetchone()
        twice = connection.execute(
            "SELECT count(*) FROM (SELECT ticket_id FROM queueing_ticketevent WHERE kind = 'called'"
            " GROUP BY ticket_id HAVING count(*) > 1) AS t"
        ).fetchone()
    return len(issued) - (present[0] if present else 0), twice[0] if twice else 0


def replay(
    backend: server.Backend, halls: list[Hall], *, minutes: float, workers: int, idle: float
) -> dict[str, Any]:
    log = Path(tempfile.mkdtemp(prefix="hall-province-")) / "serve.log"
    speed_before = stalls.python_speed()
    began = time.time()
    with server.serving(backend, workers=workers, log=log) as port:
        cpu = Cpu(port)
        run = Replay(port, halls, minutes)
        generator_started = time.process_time()
        totals = asyncio.run(run.run(idle, cpu))
        generator_cpu = (time.process_time() - generator_started) / totals["seconds"]
    speed = (speed_before, stalls.python_speed())
    postgres = stalls.postgres_stalls(began, time.time())
    events = [*run.watch.events, *stalls.server_pauses(log.read_text()), *(postgres or [])]
    shutil.rmtree(log.parent, ignore_errors=True)
    figures = run.figures
    lost, twice_in_db = lost_and_twice(backend, figures.issued)
    late = never = 0
    delays: list[float] = []
    for key, asked in figures.calls.items():
        expected = BOARDS_PER_HALL + figures.phone_waits.get(key, 0)
        arrivals = figures.heard.get(key, [])
        delays += [(at - asked) * 1000 for at in arrivals]
        late += sum(1 for at in arrivals if at - asked > LATE_SECONDS)
        never += max(0, expected - len(arrivals))
    kinds = {
        kind: {
            "count": len(samples),
            "per_second": round(len(samples) / totals["seconds"], 1),
            "p50_ms": round(percentile(samples, 50), 1),
            "p99_ms": round(percentile(samples, 99), 1),
            "errors": figures.errors.get(kind, 0),
        }
        for kind, samples in sorted(figures.latencies.items())
    }
    kinds["call heard (board, phone)"] = {
        "count": len(delays),
        "per_second": round(len(delays) / totals["seconds"], 1),
        "p50_ms": round(percentile(delays, 50), 1),
        "p99_ms": round(percentile(delays, 99), 1),
        "errors": 0,
    }
    # Slow requests spread over the hour are queueing; bunched in a few seconds, a stall.
    seconds = {int(began) for began, _kind in figures.slow}
    holds = all(
        (k["p99_ms"] < P99_LIMIT_MS or kind == MORNING) and not k["errors"]
        for kind, k in kinds.items()
    ) and not (lost or twice_in_db or figures.called_twice or late or never)
    return {
        "halls": len(halls),
        "minutes": minutes,
        "workers": workers,
        "screens": len(halls) * (BOARDS_PER_HALL + len(halls[0].windows)),
        "phones": len(figures.phone_waits),
        "kinds": kinds,
        "late": late,
        "never": never,
        "lost": lost,
        "called_twice": max(twice_in_db, figures.called_twice),
        "idle_cpu": totals["idle_cpu"],
        "busy_cpu": totals["busy_cpu"],
        "generator_cores": round(generator_cpu, 2),
        "python_speed": [round(s, 1) for s in speed],
        "holds": holds,
        "slow": {
            "requests": len(figures.slow),
            "seconds": len(seconds),
            "worst": stalls.worst_seconds(figures.slow, events),
            "postgres_log_read": postgres is not None,
        },
        "error_statuses": dict(figures.statuses),
        "error_samples": figures.samples,
    }


def report(result: dict[str, Any]) -> None:
    print(
        f"[province] {result['halls']} halls, {result['screens']} screens + "
        f"{result['phones']} phones, {result['minutes']} min, {result['workers']} processes"
    )
    for kind, figures in result["kinds"].items():
        errors = f"  errors {figures['errors']}" if figures["errors"] else ""
        print(
            f"  {kind:<28} {figures['count']:>7} {figures['per_second']:>7.1f}/s "
            f"p50 {figures['p50_ms']:>7.1f} ms  p99 {figures['p99_ms']:>7.1f} ms{errors}"
        )
    print(
        f"  calls heard late {result['late']}, never {result['never']}; tickets lost "
        f"{result['lost']}, called twice {result['called_twice']}"
    )
    idle, busy = result["idle_cpu"], result["busy_cpu"]
    print(
        f"  CPU (cores): idle hall serve {idle['hall_serve_cores']}, PostgreSQL "
        f"{idle['postgres_cores']}; peak hall serve {busy['hall_serve_cores']} (busiest process "
        f"{busy['busiest_process_cores']}), PostgreSQL "
        f"{busy['postgres_cores']}, load generator {result['generator_cores']}"
    )
    print(
        "  the machine's speed before and after, millions of Python steps a second: "
        + " / ".join(f"{s}" for s in result["python_speed"])
    )
    slow = result["slow"]
    print(f"  requests over {P99_LIMIT_MS:.0f} ms: {slow['requests']} in {slow['seconds']} seconds")
    print(*(f"    {second}" for second in slow["worst"]), sep="\n")
    if not slow["postgres_log_read"]:
        print(f"    (PostgreSQL's log could not be read at {stalls.POSTGRES_LOG})")
    if result["error_statuses"]:
        print(f"  errors by answer: {result['error_statuses']}")
        print(*(f"    {sample}" for sample in result["error_samples"]), sep="\n")
    verdict = "yes" if result["holds"] else "NO"
    print(f"  holds (p99 < {P99_LIMIT_MS:.0f} ms, nothing lost or late): {verdict}")


def province(
    sizes: list[int], *, minutes: float, workers: int, idle: float, results: dict | None = None
) -> list[dict[str, Any]]:
    """Replay each size in turn on fresh halls (a larger size after a smaller one that held)."""
    outcomes: list[dict[str, Any]] = []
    with server.backend("postgresql") as backend:
        first = 1
        for size in sizes:
            halls = lay_out(backend, first, size)
            first += size
            outcome = replay(backend, halls, minutes=minutes, workers=workers, idle=idle)
            report(outcome)
            outcomes.append(outcome)
            if results is not None:
                results[f"postgresql.province.{size}"] = outcome
            if not outcome["holds"]:
                break
    held = [o["halls"] for o in outcomes if o["holds"]]
    print(f"[province] largest number of halls that held: {max(held) if held else 'none'}")
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--halls", type=int, default=50)
    parser.add_argument("--search", help="sizes to try in turn, e.g. 10,25,50,75")
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--idle", type=float, default=15, help="seconds of the idle figure")
    args = parser.parse_args()
    if not server.postgres_available():
        sys.exit("the province replay needs PostgreSQL (HALL_BENCH_POSTGRES)")
    sizes = [int(s) for s in args.search.split(",")] if args.search else [args.halls]
    outcomes = province(sizes, minutes=args.minutes, workers=args.workers, idle=args.idle)
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "province.json").write_text(json.dumps(outcomes, indent=2))


if __name__ == "__main__":
    main()
