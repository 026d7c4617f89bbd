"""WebSocket consumers: hall boards and window screens, and the phone page.

A board gets a snapshot when it connects (the last calls and the windows), then every call as
it happens; after losing its connection it reconnects by itself and the new snapshot catches
it up. Nothing sent here carries a name: numbers and windows only.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hall.core.heartbeat import heard
from hall.core.inputs import SMALL_INTEGER
from hall.core.models import Hall, Window
from hall.queueing import selectors
from hall.queueing.access import may_serve_at, ticket_following
from hall.queueing.live import (
    board_group,
    desks_group,
    line_desks_group,
    queue_group,
    ticket_group,
    window_group,
)


def _board_snapshot(hall_code: str, *, kiosk: bool = False) -> tuple[int, dict[str, Any]] | None:
    """What a board shows when it (re)connects; a kiosk needs only the lines and the notice
    (it reconnects after every number it gives: no calls or windows read for it)."""
    hall = Hall.objects.filter(code=hall_code, is_active=True).first()
    if hall is None:
        return None
    lines = {"waiting": selectors.waiting_lines(hall.pk), "notice": hall.board_notice}
    if kiosk:
        return hall.pk, {"type": "snapshot", "calls": [], "windows": [], **lines}
    windows = [
        {
            "window": w.number,
            "state": w.state,
            "reason": w.state_reason,
            "zone": w.zone.code,
            "ticket": t.number if t else None,
        }
        for w, t in selectors.windows_with_tickets(hall)
    ]
    calls = [c.as_message() for c in selectors.recent_calls(hall, limit=12)]
    return hall.pk, {"type": "snapshot", "calls": calls, "windows": windows, **lines}


def _ticket_state(token: str) -> dict[str, Any] | None:
    ticket = ticket_following(token)
    if ticket is None:
        return None
    return {
        **selectors.follow_state(ticket).as_message(),
        "hall_id": ticket.hall_id,
        "category_id": ticket.category_id,
    }


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """/ws/board/<hall>/: every call and window change of the hall; the kiosks follow it
    too, for the lines' counts and emergency operation."""

    async def connect(self) -> None:
        self.kiosk = self.scope.get("query_string", b"") == b"for=kiosk"
        snapshot = await database_sync_to_async(_board_snapshot)(
            self.scope["url_route"]["kwargs"]["hall"], kiosk=self.kiosk
        )
        if snapshot is None:
            await self.close(code=4404)
            return
        hall_id, state = snapshot
        self.group_hall_id = hall_id
        self.hall_code = self.scope["url_route"]["kwargs"]["hall"]
        self.group = board_group(hall_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(state)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The screen's heartbeat (hall.core.heartbeat); nothing else is listened to."""
        await database_sync_to_async(heard)(self.group_hall_id, content)

    async def live_resync(self, event: dict[str, Any]) -> None:
        """A message to this board was lost (hall.core.live): the whole state again."""
        snapshot = await database_sync_to_async(_board_snapshot)(self.hall_code, kiosk=self.kiosk)
        if snapshot is not None:
            await self.send_json(snapshot[1])

    async def board_call(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "call", **event["call"]})

    async def board_waiting(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "waiting", "waiting": event["waiting"]})

    async def board_notice(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "notice", "text": event["text"]})

    async def board_window(self, event: dict[str, Any]) -> None:
        await self.send_json({**event, "type": "window"})

    async def board_issuing(self, event: dict[str, Any]) -> None:
        """For the kiosks: emergency operation began or ended (boards ignore it)."""
        await self.send_json({"type": "issuing", "emergency": event["emergency"]})


class TicketConsumer(AsyncJsonWebsocketConsumer):
    """/ws/ticket/<token>/: where one ticket stands, and the moment it is called."""

    async def connect(self) -> None:
        self.token = self.scope["url_route"]["kwargs"]["token"]
        state = await database_sync_to_async(_ticket_state)(self.token)
        if state is None:
            await self.close(code=4404)
            return
        self.groups_joined = [
            ticket_group(self.token),
            queue_group(state["hall_id"], state["category_id"]),
        ]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json(state)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def queue_changed(self, event: dict[str, Any]) -> None:
        state = await database_sync_to_async(_ticket_state)(self.token)
        if state is None:
            return
        line = queue_group(state["hall_id"], state["category_id"])
        if line not in self.groups_joined:  # transferred to another category: follow that line
            await self.channel_layer.group_discard(self.groups_joined[1], self.channel_name)
            await self.channel_layer.group_add(line, self.channel_name)
            self.groups_joined[1] = line
        await self.send_json(state)

    live_resync = queue_changed  # a message was lost (hall.core.live): where it stands now

    async def ticket_called(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "called", "window": event["window"], "text": event["text"]})


def _desk_groups(user: Any, hall_code: str, number: int) -> list[str] | None:
    """The groups a workstation hears: its window, its businesses' lines, and the windows
    asking for help. None when the user may not serve there."""
    if not 0 < number <= SMALL_INTEGER:
        return None
    window = (
        Window.objects.select_related("hall").filter(hall__code=hall_code, number=number).first()
    )
    if window is None or not may_serve_at(user, window):
        return None
    lines = [
        line_desks_group(window.hall_id, c.code) for c in selectors.categories_at_window(window)
    ]
    return [window_group(window.pk), desks_group(window.hall_id), *lines]


class WindowDeskConsumer(AsyncJsonWebsocketConsumer):
    """/ws/window/<hall>/<n>/: a window workstation learns what changed, and fetches only
    that part of its desk (the forms staff are typing in are never replaced by it). Its line
    is told as counts, each of its businesses when it changed (a second at most after); the
    page fetches the list itself only when the window could call from it (workstation.js):
    thirty workstations fetching every line change would cost a busy hall more than its
    calls. A change of the window's work profile is heard from the next connection."""

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        user = self.scope.get("user")
        groups = await database_sync_to_async(_desk_groups)(user, kwargs["hall"], kwargs["number"])
        if groups is None:
            await self.close(code=4403)
            return
        self.groups_joined = groups
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def desk_state(self, event: dict[str, Any]) -> None:
        await self.send_json({"part": "state", "origin": event.get("origin", "")})

    async def live_resync(self, event: dict[str, Any]) -> None:
        """A message to this desk was lost (hall.core.live): fetch both parts."""
        await self.send_json({"part": "state"})
        await self.send_json({"part": "line"})

    async def desk_line(self, event: dict[str, Any]) -> None:
        await self.send_json({"part": "line"})

    async def desk_waiting(self, event: dict[str, Any]) -> None:
        await self.send_json({"part": "waiting", "unsent": event["unsent"]})

    async def desk_help(self, event: dict[str, Any]) -> None:
        await self.send_json({"part": "help", "help": event["help"]})
