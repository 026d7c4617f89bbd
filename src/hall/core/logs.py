"""No secret reaches a log line (ARCHITECTURE.md, "Keys").

Requests name some secrets in their paths: the phone page's follow token (`/t/<token>`, the
slip, the WebSocket and the API), and a client may put a token or password in a query string.
Every handler, Django's and the server's access log alike, passes its records through
`HideSecrets` first.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re

HIDDEN = "…"
_PATTERNS = [
    # A ticket's follow token in any of the addresses that carry it.
    (re.compile(r"(/(?:t|slip|ws/ticket|api/v1/follow)/)[^/\s?\"'#]+"), rf"\1{HIDDEN}"),
    # Hall API tokens (hall.core.services.TOKEN_PREFIX), wherever they appear.
    (re.compile(r"\bhall_[A-Za-z0-9_-]{6,}"), f"hall_{HIDDEN}"),
    # Query and form values named like secrets.
    (
        re.compile(r"(?i)\b(password\d?|passwd|token|secret|api_?key|key)=([^&\s\"']+)"),
        rf"\1={HIDDEN}",
    ),
    # Authorization headers, should one ever be logged.
    (re.compile(r"(?i)(bearer\s+)\S+"), rf"\1{HIDDEN}"),
]


def hide_secrets(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class HideSecrets(logging.Filter):
    """Hides secrets in the record's text and in each of its arguments, keeping them as
    arguments: the server's access formatter unpacks them (a record rendered to one string
    broke it). A secret split across arguments is caught in the rendered line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = hide_secrets(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                hide_secrets(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        message = record.getMessage()
        hidden = hide_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


# --- the request a line belongs to, and lines as JSON -------------------------------------------

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def set_request_id(value: str) -> contextvars.Token[str]:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str]) -> None:
    _request_id.reset(token)


class RequestId(logging.Filter):
    """Puts the id of the request being served (or "-") on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line (HALL_LOG_JSON): time, level, logger, request id, message,
    and the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
