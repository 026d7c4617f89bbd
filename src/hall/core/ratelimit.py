"""A fixed-window request counter in the cache (Redis across processes, memory on one)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the connection came from; behind a proxy the settings trust
    (HALL_TRUSTED_PROXIES), the server has already put the client's address here. Headers
    are never read here: a client can write any."""
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def allow(key: str, *, limit: int, per_seconds: int = 60) -> bool:
    """Count one hit for `key`; False once more than `limit` hits fall in the current window."""
    bucket = f"ratelimit:{key}:{int(time.time() // per_seconds)}"
    cache.add(bucket, 0, timeout=per_seconds * 2)
    try:
        hits = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, timeout=per_seconds * 2)
        hits = 1
    return hits <= limit


def locked(key: str) -> bool:
    # The lock holds its own end: the cache's expiry only tidies up (and keeps its own clock).
    until = cache.get(f"locked:{key}")
    return until is not None and time.time() < until


def count_failure(key: str, *, allowed: int, lock_seconds: int) -> None:
    """Count a wrong try at `key`; the `allowed`-th within `lock_seconds` locks it for that
    long (see `locked`)."""
    if not allow(f"failures:{key}", limit=allowed - 1, per_seconds=lock_seconds):
        cache.set(f"locked:{key}", time.time() + lock_seconds, timeout=lock_seconds)
