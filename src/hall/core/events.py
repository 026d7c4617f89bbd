"""Domain events: how one app reacts to what another did without importing it.

An app states what happened as a frozen dataclass subclassing `Event`, in its own
`events.py`, and a service emits it inside its transaction:

    emit(TicketCalled(hall_id=…, ticket_id=…, …))

Another app listens, in its `listeners.py`, connected from its `AppConfig.ready()`:

    @listen(LeaveApproved, in_transaction=True)
    def hand_over_the_window(event: LeaveApproved) -> None: …

A listener runs after the transaction commits (the default: screens, messages, anything that
must not act on what was rolled back), or inside it (`in_transaction=True`) when it must write
in the same transaction: what it writes commits or rolls back with the change, and a
`DomainError` it raises refuses the change. An event emitted outside any transaction reaches
its after-commit listeners at once.

Payloads carry ids and plain values, never model instances: a listener reads what it needs
through its own app's selectors. docs/events.md lists every event and who listens.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened in the domain; subclasses add their fields."""


E = TypeVar("E", bound=Event)
Listener = Callable[[Any], None]


@dataclass(frozen=True)
class _Registration:
    listener: Listener
    in_transaction: bool


_listeners: dict[type[Event], list[_Registration]] = defaultdict(list)


def listen(
    event_type: type[E], *, in_transaction: bool = False
) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Register the decorated function for `event_type` (subclasses included)."""

    def register(listener: Callable[[E], None]) -> Callable[[E], None]:
        registrations = _listeners[event_type]
        if all(r.listener is not listener for r in registrations):  # ready() may run twice
            registrations.append(_Registration(listener, in_transaction))
        return listener

    return register


def _registrations(event: Event) -> list[_Registration]:
    return [
        registration
        for event_type, registrations in _listeners.items()
        if isinstance(event, event_type)
        for registration in registrations
    ]


def emit(event: Event) -> None:
    """Deliver `event`: to in-transaction listeners now, to the others after commit."""
    for registration in _registrations(event):
        if registration.in_transaction:
            registration.listener(event)
        else:
            transaction.on_commit(partial(_deliver, registration.listener, event))


def _deliver(listener: Listener, event: Event) -> None:
    """After commit the change stands whatever a listener does: a failing listener is logged,
    and the others still hear the event."""
    try:
        listener(event)
    except Exception:  # a screen or a message must never undo or hide a committed change
        logger.exception("listener %s failed on %r", listener.__qualname__, event)


# --- core's own events --------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WindowStateChanging(Event):
    """A window's state is about to change (in the transaction): a listener that knows why
    it must not (a person at the window) raises a DomainError and nothing changes."""

    hall_id: int
    window_id: int
    number: int
    state_from: str
    state_to: str


@dataclass(frozen=True, kw_only=True)
class WindowStateChanged(Event):
    hall_id: int
    window_id: int
    number: int
    state: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class HallNoticeChanged(Event):
    """The office set (or cleared) the line its boards scroll."""

    hall_id: int
    text: str


@dataclass(frozen=True, kw_only=True)
class ScreenAlive(Event):
    """A browser device (a board, a window screen) said over its live connection that it is
    alive; `equipment` is the key it was set up with (its address's ?equipment=…)."""

    hall_id: int
    equipment: str
