"""How the queue reacts to what happens elsewhere (hall.core.events); connected from
QueueingConfig.ready(), so the rules hold whoever changes what (a page, the API, a command)."""

from __future__ import annotations

from hall.core.choices import WindowState
from hall.core.events import WindowStateChanging, listen
from hall.queueing import selectors
from hall.queueing.errors import WindowBusy


@listen(WindowStateChanging, in_transaction=True)
def window_may_stop(event: WindowStateChanging) -> None:
    """One person at a time, to the end: a window stops (pauses, closes, is left unstaffed)
    only when nobody is at it, whoever stops it (the workstation, the dashboard, the API)."""
    if event.state_to == WindowState.OPEN:
        return
    at_window = selectors.ticket_at_window(event.window_id)
    if at_window is not None:
        raise WindowBusy(number=at_window.number)
