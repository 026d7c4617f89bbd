"""No secret reaches a log line: follow tokens, API tokens, passwords in query strings."""

from __future__ import annotations

import logging

from hall.core.logs import HideSecrets, hide_secrets
from hall.core.management.commands.serve import server_log_config


def test_a_server_access_line_keeps_the_address_but_not_the_token():
    line = '127.0.0.1:5000 - "GET /t/Zx9_abcDEF123-qq HTTP/1.1" 200'
    assert hide_secrets(line) == '127.0.0.1:5000 - "GET /t/… HTTP/1.1" 200'
    assert hide_secrets("GET /slip/Zx9abc/ ") == "GET /slip/…/ "
    assert hide_secrets("/ws/ticket/Zx9abc/") == "/ws/ticket/…/"
    assert hide_secrets("/api/v1/follow/Zx9abc?x=1") == "/api/v1/follow/…?x=1"


def test_tokens_and_passwords_anywhere_are_hidden():
    assert hide_secrets("token hall_AbCdEf123456 used") == "token hall_… used"
    assert hide_secrets("/login?next=/&password=hunter2&x=1") == "/login?next=/&password=…&x=1"
    assert hide_secrets("Authorization: Bearer hall_xyzxyzxyz") == "Authorization: Bearer …"
    assert hide_secrets("GET /board/demo/ 200") == "GET /board/demo/ 200"


def test_the_filter_renders_the_record_once_hidden():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s"',
        ("1.2.3.4", "GET", "/t/abc"),
        None,
    )
    HideSecrets().filter(record)
    assert record.getMessage() == '1.2.3.4 - "GET /t/…"'
    # The server's access formatter unpacks the arguments: they stay arguments.
    assert record.args == ("1.2.3.4", "GET", "/t/…")


def test_every_handler_hides_secrets_django_and_the_server_alike():
    hall_handlers = logging.getLogger("hall").handlers
    assert hall_handlers
    assert all(any(isinstance(f, HideSecrets) for f in h.filters) for h in hall_handlers)
    config = server_log_config()
    assert all(h["filters"] == ["hide_secrets"] for h in config["handlers"].values())
    assert config["filters"]["hide_secrets"]["()"] == "hall.core.logs.HideSecrets"
