"""The per-client limits count the connection's address: a header the client writes
(X-Forwarded-For) is believed only from the proxies the settings name."""

from __future__ import annotations

import http.client
import json

import pytest
from django.core.management import CommandError, call_command

from hall.core.management.commands.serve import proxy_options
from tests.servers import hall_server


def test_no_proxy_is_believed_unless_the_settings_name_it(settings):
    settings.HALL_TRUSTED_PROXIES = []
    assert proxy_options() == {"proxy_headers": False}
    settings.HALL_TRUSTED_PROXIES = ["10.0.0.1", "10.0.0.2"]
    assert proxy_options() == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.1,10.0.0.2"}


def _take(base: str, forwarded_for: str) -> int:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(
        "POST",
        "/api/v1/halls/q/tickets",
        body=json.dumps({"category": "household"}),
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded_for},
    )
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.django_db(transaction=True)
def test_rotating_x_forwarded_for_does_not_pass_the_anonymous_ticket_limit(qhall):
    """The real server (uvicorn) from loopback: 6 tickets a minute, whatever the header says.
    (13 tries: even if a minute turns over midway, at most 12 pass and one is refused.)"""
    with hall_server() as base:
        answers = [_take(base, f"203.0.113.{n}") for n in range(13)]
    assert set(answers) == {201, 429}
    assert answers.count(201) <= 12


def test_several_processes_are_refused_without_redis(settings):
    """Each process would have its own screens: a call made in one would never reach the
    boards connected to another."""
    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("serve", "--workers", "2")
    with pytest.raises(CommandError):
        call_command("serve", "--workers", "0")
