"""WebSocket routes of every app (boards and window screens arrive with the queue)."""

from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
