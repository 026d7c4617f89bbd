"""The rating pads' live path: a finished ticket turns its window's pad to the five levels."""

from __future__ import annotations

from hall.core.events import listen
from hall.core.live import publish
from hall.queueing.events import TicketFinished


def pad_group(window_id: int) -> str:
    return f"pad-{window_id}"


@listen(TicketFinished)
def turn_the_pad(event: TicketFinished) -> None:
    publish(pad_group(event.window_id), {"type": "pad.finished"})
