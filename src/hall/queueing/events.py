"""What happens in the queue, for whoever listens (hall.core.events): the live screens here,
and the apps above (a rating pad after a finished ticket, appointments, performance)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hall.core.events import Event


@dataclass(frozen=True, kw_only=True)
class TicketChanged(Event):
    """Any step of a ticket; listeners may take every one."""

    hall_id: int
    ticket_id: int
    number: str
    category_id: int
    follow_token: str


@dataclass(frozen=True, kw_only=True)
class AtWindow:
    """The window a step happened at, and its state afterwards (for the boards)."""

    window_id: int
    window_number: int
    window_state: str


@dataclass(frozen=True, kw_only=True)
class TicketIssued(TicketChanged):
    pass


@dataclass(frozen=True, kw_only=True)
class TicketCalled(TicketChanged, AtWindow):
    """Called, or called again (`recall` > 0); `call_id` is the history row of the call."""

    call_id: int
    zone: str
    category_name: str
    at: datetime.datetime
    recall: int
    help_for: int | None = None


@dataclass(frozen=True, kw_only=True)
class TicketStarted(TicketChanged, AtWindow):
    pass


@dataclass(frozen=True, kw_only=True)
class TicketFinished(TicketChanged, AtWindow):
    served_by_id: int | None


@dataclass(frozen=True, kw_only=True)
class TicketNoShow(TicketChanged, AtWindow):
    requeued: bool


@dataclass(frozen=True, kw_only=True)
class TicketTransferred(TicketChanged, AtWindow):
    """Sent to another category (`category_id` is the new one) or window (`to_window_id`)."""

    to_window_id: int | None


@dataclass(frozen=True, kw_only=True)
class TicketClosed(TicketChanged):
    """Closed at the end of the day; the window's fields when it was still at one."""

    window_id: int | None
    window_number: int | None
    window_state: str | None


@dataclass(frozen=True, kw_only=True)
class WorkstationOpened(Event):
    """Someone opened the workstation of a window: logging in there counts as punching in
    (S5), which attendance does when it hears this."""

    hall_id: int
    window_id: int
    staff_id: int
    at: datetime.datetime


@dataclass(frozen=True, kw_only=True)
class EmergencyChanged(Event):
    """Emergency operation began or ended (F2): who may take a number changed, and the
    kiosks that are open show it without waiting for a touch."""

    hall_id: int
    on: bool
