"""The queue's live events: which groups hear what, sent after commit (see hall.core.live)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hall.core.live import publish
from hall.core.models import Window
from hall.queueing.models import Ticket
from hall.queueing.selectors import announcement


def board_group(hall_id: int) -> str:
    return f"board-{hall_id}"


def queue_group(hall_id: int, category_id: int) -> str:
    return f"queue-{hall_id}-{category_id}"


def ticket_group(follow_token: str) -> str:
    return f"ticket-{follow_token}"


def ticket_called_on_commit(ticket: Ticket, window: Window) -> None:
    text, speech = announcement(ticket.number, window.number)
    call = {
        "number": ticket.number,
        "window": window.number,
        "zone": window.zone.code if window.zone_id else "",
        "text": text,
        "speech": speech,
        "recall": ticket.recall_count,
        "at": timezone.localtime().strftime("%H:%M:%S"),
    }
    hall_id, category_id, token = ticket.hall_id, ticket.category_id, ticket.follow_token

    def send() -> None:
        publish(board_group(hall_id), {"type": "board.call", "call": call})
        publish(
            ticket_group(token), {"type": "ticket.called", "window": call["window"], "text": text}
        )
        publish(queue_group(hall_id, category_id), {"type": "queue.changed"})

    transaction.on_commit(send)


def queue_changed_on_commit(
    hall_id: int, category_id: int, *, ticket: Ticket | None = None
) -> None:
    """The line of a category moved; `ticket` (one that changed line) hears it directly too."""
    token = ticket.follow_token if ticket is not None else None

    def send() -> None:
        publish(queue_group(hall_id, category_id), {"type": "queue.changed"})
        if token:
            publish(ticket_group(token), {"type": "queue.changed"})

    transaction.on_commit(send)


def window_changed_on_commit(window: Window | None) -> None:
    if window is None:
        return
    message = {"type": "board.window", "window": window.number, "state": window.state}
    hall_id = window.hall_id
    transaction.on_commit(lambda: publish(board_group(hall_id), message))
