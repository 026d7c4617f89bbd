"""Queue figures (issue #3): issue and call-next through the HTTP API, and call-to-board time."""

from __future__ import annotations

import asyncio
import http.client
import json
import statistics
import subprocess
import sys
import time

from bench import load, server


def prepare(backend: server.Backend) -> None:
    subprocess.run([sys.executable, "-m", "bench.prepare"], env=backend.env, check=True)


# The kiosk's buttons: tickets are taken for every category of the demo hall in turn, so the
# lines grow as a busy morning's would (about 330 per line by the end) rather than into one
# line of 3,000.
CATEGORIES = [
    "household",
    "social-security",
    "medical-insurance",
    "housing-fund",
    "real-estate",
    "business",
    "tax",
    "civil-affairs",
    "consultation",
]


def issue_and_call(backend: server.Backend, port: int, token: str, results: dict) -> None:
    for clients in (1, 8):
        result = load.run(
            port,
            clients=clients,
            requests_per_client=1000 if clients == 1 else 250,
            token=token,
            make_request=lambda c, i, _last: (
                "POST",
                "/api/v1/halls/demo/tickets",
                {"category": CATEGORIES[(c + i) % len(CATEGORIES)]},
            ),
        )
        print(result.row(f"[{backend.name}] POST tickets (issue)"))
        results[f"{backend.name}.issue.{clients}"] = result.summary()
    for clients in (1, 8):
        calls = call_next_load(
            port,
            token,
            clients=clients,
            per_client=1000 if clients == 1 else 240,
            first_window=9 if clients == 1 else 1,  # each phase leaves its windows busy
        )
        print(calls.row(f"[{backend.name}] POST call-next (finishing the last)"))
        results[f"{backend.name}.call_next.{clients}"] = calls.summary()


def call_next_load(
    port: int, token: str, *, clients: int, per_client: int, first_window: int
) -> load.LoadResult:
    """Each client is a window calling the next ticket, finishing the one it called last in
    the same request (办结并叫下一位), as a window does all day."""

    def call(client: int, _i: int, last: dict | None) -> load.Request:
        finish = f"?finish={last['id']}" if last else ""
        number = first_window + client
        return ("POST", f"/api/v1/halls/demo/windows/{number}/call-next{finish}", {})

    return load.run(
        port,
        clients=clients,
        requests_per_client=per_client,
        token=token,
        make_request=call,
        accept=lambda status: status == 200,
    )


async def _board_latency(port: int, token: str, *, boards: int, calls: int) -> list[float]:
    from websockets.asyncio.client import connect

    sockets = [
        await connect(f"ws://127.0.0.1:{port}/ws/board/demo/", max_queue=None)
        for _ in range(boards)
    ]
    for socket in sockets:
        await socket.recv()  # the snapshot
    samples: list[float] = []
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(path: str, body: dict | None = None) -> dict:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("POST", path, body=json.dumps(body or {}), headers=headers)
        body = connection.getresponse().read()
        connection.close()
        return json.loads(body) if body else {}

    async def arrival(socket: object, number: str) -> float:
        while True:
            message = json.loads(await socket.recv())  # type: ignore[attr-defined]
            if message.get("type") == "call" and message["number"] == number:
                return time.perf_counter()

    for _ in range(calls):
        await asyncio.to_thread(post, "/api/v1/halls/demo/tickets", {"category": "household"})
        started = time.perf_counter()
        # Window 10: the throughput phases leave windows 1-9 each with a ticket at them.
        ticket = await asyncio.to_thread(post, "/api/v1/halls/demo/windows/10/call-next")
        arrivals = await asyncio.gather(*(arrival(s, ticket["number"]) for s in sockets))
        samples.extend((at - started) * 1000 for at in arrivals)
        await asyncio.to_thread(post, f"/api/v1/tickets/{ticket['id']}/finish")
    for socket in sockets:
        await socket.close()
    return samples


def board_latency(backend: server.Backend, port: int, token: str, results: dict) -> None:
    samples = asyncio.run(_board_latency(port, token, boards=100, calls=30))
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    print(
        f"{'[' + backend.name + '] call to 100 boards':<44} {len(samples):>5} arrivals   "
        f"p50 {p50:>7.1f} ms  p99 {p99:>7.1f} ms"
    )
    results[f"{backend.name}.call_to_board"] = {
        "boards": 100,
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
    }
