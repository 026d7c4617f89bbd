"""What the equipment register hears from the screens (F1)."""

from __future__ import annotations

from django.utils import timezone

from hall.core.events import ScreenAlive, listen
from hall.facilities.services import screen_seen


@listen(ScreenAlive)
def seen(event: ScreenAlive) -> None:
    screen_seen(hall_id=event.hall_id, key=event.equipment, now=timezone.now())
