"""/ws/pad/<hall>/<n>/: the paired rating pad of a window hears when a ticket is finished
there, and then fetches its rating screen (pad.js); the pad sends only its heartbeat."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hall.core.devices import COOKIE, device_by_key
from hall.core.heartbeat import heard
from hall.core.inputs import SMALL_INTEGER
from hall.core.models import DeviceKind
from hall.evaluation.live import pad_group


def _pad_group(key: str | None, hall_code: str, number: int) -> tuple[str, int] | None:
    device = device_by_key(key) if 0 < number <= SMALL_INTEGER else None
    if (
        device is None
        or device.kind != DeviceKind.PAD
        or device.window is None
        or device.hall.code != hall_code
        or device.window.number != number
    ):
        return None
    return pad_group(device.window.pk), device.hall_id


class PadConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        key = self.scope.get("cookies", {}).get(COOKIE)
        paired = await database_sync_to_async(_pad_group)(key, kwargs["hall"], kwargs["number"])
        if paired is None:
            await self.close(code=4403)
            return
        group, self.hall_id = paired
        self.group = group
        await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The pad's heartbeat (hall.core.heartbeat); nothing else is listened to."""
        await database_sync_to_async(heard)(self.hall_id, content)

    async def pad_finished(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "finished"})

    async def live_resync(self, event: dict[str, Any]) -> None:
        """A message was lost (hall.core.live): the pad asks what to show now."""
        await self.send_json({"type": "finished"})
