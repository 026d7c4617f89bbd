"""A browser screen's heartbeat (F1): a board, window screen or rating pad opened as
…?equipment=<key> sends {"type": "alive", "equipment": key} over its live connection every
half minute; its consumer hands the message here, and the equipment register hears of it."""

from __future__ import annotations

import re
from typing import Any

from hall.core.events import ScreenAlive, emit

EQUIPMENT_KEY = re.compile(r"[-a-z0-9_]{1,40}")  # as the equipment register keys screens


def heard(hall_id: int, content: Any) -> None:
    """A message from a screen of the hall: a heartbeat with a well-formed key is told on;
    anything else is ignored."""
    if not isinstance(content, dict) or content.get("type") != "alive":
        return
    key = content.get("equipment")
    if isinstance(key, str) and EQUIPMENT_KEY.fullmatch(key):
        emit(ScreenAlive(hall_id=hall_id, equipment=key))
