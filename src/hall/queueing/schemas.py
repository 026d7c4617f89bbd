"""The shape of a ticket in the API's answers: issuing one, calling it, following it, and the
check-in of an appointment (which answers with the ticket it gave, in this same shape)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Schema

from hall.core.links import public_link
from hall.queueing import selectors
from hall.queueing.models import Ticket


class TicketOut(Schema):
    id: int
    number: str
    category: str
    priority: str | None
    status: str
    status_label: str
    position: int
    people_ahead: int
    estimated_wait_minutes: int
    window: int | None
    issued_at: datetime.datetime
    follow_url: str


def ticket_out(request: HttpRequest, ticket: Ticket) -> TicketOut:
    state = selectors.follow_state(ticket)
    return TicketOut(
        id=ticket.pk,
        number=state.number,
        category=selectors.category_of(ticket.hall, ticket.category_id).code,
        priority=ticket.priority.code if ticket.priority else None,
        status=state.status,
        status_label=state.status_label,
        position=state.position,
        people_ahead=state.ahead,
        estimated_wait_minutes=state.wait_minutes,
        window=state.window,
        issued_at=ticket.arrived_at,
        follow_url=public_link(ticket.hall, "ticket-follow", ticket.follow_token),
    )
