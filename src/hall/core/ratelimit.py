"""A fixed-window request counter in the cache (Redis across processes, memory on one)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # uvicorn's proxy-headers support has already put the client's address here when a
    # trusted proxy sits in front.
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
