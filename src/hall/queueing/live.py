"""The queue's live screens: which groups hear what (hall.core.live sends it), fed by the
queue's events after commit (hall.core.events), so nobody sees a call that was rolled back."""

from __future__ import annotations

import threading
from typing import Any

from hall.core.events import HallNoticeChanged, WindowStateChanged, listen
from hall.core.live import Messages, origin, publish, publish_soon
from hall.queueing import selectors
from hall.queueing.events import (
    EmergencyChanged,
    TicketCalled,
    TicketChanged,
    TicketClosed,
    TicketFinished,
    TicketIssued,
    TicketNoShow,
    TicketStarted,
    TicketTransferred,
)
from hall.queueing.selectors import Call, announcement


def board_group(hall_id: int) -> str:
    return f"board-{hall_id}"


def queue_group(hall_id: int, category_id: int) -> str:
    return f"queue-{hall_id}-{category_id}"


def ticket_group(follow_token: str) -> str:
    return f"ticket-{follow_token}"


def window_group(window_id: int) -> str:
    """The workstations open at one window: told when its state or its ticket changes."""
    return f"window-{window_id}"


def desks_group(hall_id: int) -> str:
    """Every workstation open in a hall: told which windows ask for help (跨窗通办)."""
    return f"desks-{hall_id}"


def line_desks_group(hall_id: int, category_code: str) -> str:
    """The workstations whose window serves a business: told how many wait in its line."""
    return f"desks-{hall_id}-{category_code}"


def _desk(window_id: int) -> None:
    """The window's state changed; the page that changed it (if any) has it already."""
    publish(window_group(window_id), {"type": "desk.state", "origin": origin()})


def _window(
    hall_id: int, number: int, state: str, *, reason: str | None = None, freed: str = ""
) -> None:
    """A window changed: its state (with the reason people are told, when it changed), and
    which number left it (the window screen stops showing that number; naming it keeps a
    late message from wiping the next call, which may arrive first)."""
    message: dict[str, Any] = {"type": "board.window", "window": number, "state": state}
    if reason is not None:
        message["reason"] = reason
    if freed:
        message["freed"] = freed
    publish(board_group(hall_id), message)


def _line_moved(event: TicketChanged, *, tell_the_ticket: bool = False) -> None:
    """The line of the ticket's category moved; the ticket itself hears it directly when it
    has just changed line (its phone page follows the old one until then)."""
    publish(queue_group(event.hall_id, event.category_id), {"type": "queue.changed"})
    if tell_the_ticket:
        _tell_the_ticket(event)


def _tell_the_ticket(event: TicketChanged) -> None:
    """The ticket's own phone page: its status changed outside its line (served, done)."""
    publish(ticket_group(event.follow_token), {"type": "queue.changed"})


@listen(TicketIssued)
def issued(event: TicketIssued) -> None:
    _line_moved(event)


@listen(TicketCalled)
def called(event: TicketCalled) -> None:
    text, speech = announcement(event.number, event.window_number)
    call = Call(
        event.call_id,
        event.number,
        event.window_number,
        event.zone,
        event.at,
        text,
        speech,
        event.category_name,
        event.recall,
    )
    publish(board_group(event.hall_id), {"type": "board.call", "call": call.as_message()})
    _desk(event.window_id)
    message: dict[str, Any] = {"type": "ticket.called", "window": event.window_number, "text": text}
    publish(ticket_group(event.follow_token), message)
    _line_moved(event)


@listen(TicketStarted)
def started(event: TicketStarted) -> None:
    _desk(event.window_id)
    _tell_the_ticket(event)


@listen(TicketFinished)
def finished(event: TicketFinished) -> None:
    _window(event.hall_id, event.window_number, event.window_state, freed=event.number)
    _desk(event.window_id)
    _tell_the_ticket(event)


@listen(TicketNoShow)
def no_show(event: TicketNoShow) -> None:
    _window(event.hall_id, event.window_number, event.window_state, freed=event.number)
    _desk(event.window_id)
    if event.requeued:  # its phone follows that line, and hears it too
        _line_moved(event)
    else:
        _tell_the_ticket(event)


@listen(TicketTransferred)
def transferred(event: TicketTransferred) -> None:
    _window(event.hall_id, event.window_number, event.window_state, freed=event.number)
    _desk(event.window_id)
    if event.to_window_id is not None:  # sent to a chosen window: it is in that one's line
        publish(window_group(event.to_window_id), {"type": "desk.line"})
    _line_moved(event, tell_the_ticket=True)


@listen(TicketClosed)
def closed(event: TicketClosed) -> None:
    if event.window_number is not None and event.window_state is not None:
        _window(event.hall_id, event.window_number, event.window_state, freed=event.number)
    if event.window_id is not None:
        _desk(event.window_id)


@listen(WindowStateChanged)
def window_state(event: WindowStateChanged) -> None:
    _window(event.hall_id, event.number, event.state, reason=event.reason)
    _desk(event.window_id)


# The lines each hall's events moved since its last count, and the windows asking for help
# this process last told its desks: a workstation hears only what changed for it.
_moved: dict[int, set[int | None]] = {}
_moved_lock = threading.Lock()
_help_told: dict[int, list[int]] = {}


def lines_moved(event: TicketChanged) -> None:
    """How many wait in each line, for the board and the workstations: counted once for all
    the changes of a second (hall.core.live.publish_soon), after the request has answered.
    A board hears every line; a workstation the lines of its window that moved, and the
    windows asking for help when that list changes: thirty desks told every line each second
    cost a hall more than its calls (bench.province)."""
    hall_id = event.hall_id
    # A transfer also shortens the line it left, which the event does not name.
    moved = None if isinstance(event, TicketTransferred) else event.category_id
    with _moved_lock:
        _moved.setdefault(hall_id, set()).add(moved)

    def count() -> Messages:
        with _moved_lock:
            lines_to_tell = _moved.pop(hall_id, set())
        counts = selectors.waiting_now(hall_id)  # the lines and who asks for help, counted once
        lines = selectors.waiting_lines(hall_id, counts)
        messages: Messages = [(board_group(hall_id), {"type": "board.waiting", "waiting": lines})]
        for line in lines:
            if None in lines_to_tell or line["id"] in lines_to_tell:
                code = str(line["code"])
                waiting = {"type": "desk.waiting", "unsent": {code: line["unsent"]}}
                messages.append((line_desks_group(hall_id, code), waiting))
        help_wanted = [w.window.number for w in selectors.windows_needing_help(hall_id, counts)]
        if _help_told.get(hall_id, []) != help_wanted:
            _help_told[hall_id] = help_wanted
            messages.append((desks_group(hall_id), {"type": "desk.help", "help": help_wanted}))
        return messages

    publish_soon(f"waiting-{hall_id}", count)


for _moves_a_line in (TicketIssued, TicketCalled, TicketNoShow, TicketTransferred, TicketClosed):
    listen(_moves_a_line)(lines_moved)


@listen(HallNoticeChanged)
def notice(event: HallNoticeChanged) -> None:
    publish(board_group(event.hall_id), {"type": "board.notice", "text": event.text})


@listen(EmergencyChanged)
def issuing(event: EmergencyChanged) -> None:
    """The kiosks (which follow the board's channel) show again who may take a number."""
    publish(board_group(event.hall_id), {"type": "board.issuing", "emergency": event.on})
