"""Who may act on a ticket: built on hall.core.access, the one access layer."""

from __future__ import annotations

from django.http import HttpRequest

from hall.core.access import AnyUser, may_serve_at, require_permission, scope_to_user
from hall.core.errors import NotAllowedAtWindow, NotFound
from hall.core.models import Hall
from hall.core.ratelimit import allow, client_address
from hall.queueing import selectors
from hall.queueing.errors import TooManyTickets
from hall.queueing.models import Ticket

FOLLOW_TOKEN_LENGTH = 32  # the column's length (secrets.token_urlsafe(16) is 22 characters)


def access_ticket_for_staff(user: AnyUser, ticket_id: int) -> Ticket:
    """A ticket of the user's hall, at a window the user serves (404 / 403 otherwise)."""
    ticket = (
        scope_to_user(Ticket.objects.select_related("hall", "window", "category"), user)
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise NotFound()
    require_permission(user, "queueing.call_ticket")
    if ticket.window is not None and not may_serve_at(user, ticket.window):
        raise NotAllowedAtWindow()
    return ticket


def limit_anonymous_issue(hall: Hall, request: HttpRequest) -> None:
    """Anonymous kiosks and phones may take only so many numbers a minute per client."""
    if request.user.is_authenticated:
        return  # staff and registered devices are not limited
    limit = selectors.queue_settings(hall).anonymous_tickets_per_minute
    if not allow(f"issue:{hall.pk}:{client_address(request)}", limit=limit):
        raise TooManyTickets()


def ticket_following(token: str) -> Ticket | None:
    """The ticket behind a phone page or its WebSocket: whoever holds the token (on the
    slip's QR code). A token that cannot be one is not looked up at all."""
    if not 0 < len(token) <= FOLLOW_TOKEN_LENGTH or "\x00" in token:
        return None
    return (
        Ticket.objects.select_related("hall", "category", "window")
        .filter(follow_token=token)
        .first()
    )


def ticket_by_follow_token(token: str) -> Ticket:
    ticket = ticket_following(token)
    if ticket is None:
        raise NotFound()
    return ticket
