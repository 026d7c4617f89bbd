"""A small closed-loop HTTP load generator: N clients, each one request at a time.

Each client is its own process over a keep-alive connection: as threads of one process the
clients were held up by the interpreter lock and capped what the server appeared to manage
(the health check read ~500/s through threads, ~2,700/s through wrk). On a 2-core machine
the clients still share the CPU with the server, which the printed figures include.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass

Request = tuple[str, str, dict | None]  # method, path, JSON body


@dataclass(frozen=True)
class LoadResult:
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def summary(self) -> dict[str, float]:
        return {
            "per_second": round(self.per_second),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "errors": self.errors,
        }

    def row(self, label: str) -> str:
        return (
            f"{label:<44} {self.clients:>3} clients {self.per_second:>8.0f}/s "
            f"p50 {self.percentile(50):>7.1f} ms  p99 {self.percentile(99):>7.1f} ms"
            f"{'  errors ' + str(self.errors) if self.errors else ''}"
        )


def run(
    port: int,
    *,
    clients: int,
    requests_per_client: int,
    token: str,
    make_request: Callable[[int, int, dict | None], Request],
    accept: Callable[[int], bool] = lambda status: status < 400,
) -> LoadResult:
    """Each client sends `requests_per_client` requests made by `make_request(client, i, last)`,
    where `last` is the client's last accepted answer (None before the first)."""
    context = multiprocessing.get_context("fork")  # clients inherit the request makers
    barrier = context.Barrier(clients + 1)
    answers = context.Queue()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def client(index: int) -> None:
        latencies: list[float] = []
        errors = 0
        last: dict | None = None
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        barrier.wait()
        for i in range(requests_per_client):
            method, path, body = make_request(index, i, last)
            started = time.perf_counter()
            connection.request(
                method, path, body=json.dumps(body) if body is not None else None, headers=headers
            )
            response = connection.getresponse()
            raw = response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if not accept(response.status):
                errors += 1
            elif raw:
                last = json.loads(raw)
        connection.close()
        answers.put((latencies, errors))

    processes = [context.Process(target=client, args=(i,)) for i in range(clients)]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    results = [answers.get() for _ in processes]
    seconds = time.perf_counter() - started
    for process in processes:
        process.join()
    flat = [value for latencies, _errors in results for value in latencies]
    errors_total = sum(errors for _latencies, errors in results)
    return LoadResult(clients, len(flat), errors_total, seconds, flat)
