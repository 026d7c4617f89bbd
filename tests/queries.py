"""Counting the statements a page or an endpoint costs (NetBox's query_counts idea): a test
states the exact number and that it does not grow with the data, so an N+1 fails it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext


def statements(client: Client, path: str, **extra: object) -> int:
    """How many SQL statements answering `path` takes (once warm: the first request of a
    process reads a few rarely changed rows and keeps them for seconds)."""
    client.get(path, **extra)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries.captured_queries)


def hot_statements(send: Callable[[], HttpResponse]) -> int:
    """How many statements one write request takes, leaving out the savepoints that only the
    tests' surrounding transaction adds (in production it is BEGIN and COMMIT)."""
    with CaptureQueriesContext(connection) as queries:
        response = send()
    assert response.status_code < 300, response.content
    return sum(1 for q in queries.captured_queries if "SAVEPOINT" not in q["sql"])
