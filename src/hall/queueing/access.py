"""Who may serve at which window and act on which ticket: the queue's rules, built on
hall.core.access, the one access layer."""

from __future__ import annotations

import copy

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from hall.core.access import (
    AnyUser,
    access_hall,
    acts_for_whole_hall,
    public_hall,
    require_permission,
    scope_to_user,
    sees_every_hall,
)
from hall.core.errors import NotAllowedAtWindow, NotFound, PermissionDenied
from hall.core.memo import KEPT_WHILE_HEARD, Memo, through
from hall.core.models import Hall, User, Window, Zone
from hall.core.ratelimit import allow, client_address
from hall.queueing import selectors
from hall.queueing.choices import Channel
from hall.queueing.errors import TooManyTickets
from hall.queueing.models import Ticket

FOLLOW_TOKEN_LENGTH = 32  # the column's length (secrets.token_urlsafe(16) is 22 characters)


def windows_served_by(user: AnyUser, windows: QuerySet[Window]) -> QuerySet[Window]:
    """Of `windows`, those `user` may call and serve tickets at (the window workstation rule),
    in one query: window staff at the windows of their departments (any window that has
    none), hall administrators at every window of their hall."""
    if not isinstance(user, User) or not user.has_perm("queueing.call_ticket"):
        return windows.none()
    if not sees_every_hall(user):
        if user.hall_id is None:
            return windows.none()
        windows = windows.filter(hall_id=user.hall_id)
    if acts_for_whole_hall(user):
        return windows
    theirs = Q(departments__isnull=True) | Q(departments__in=user.departments.values("pk"))
    return windows.filter(pk__in=Window.objects.filter(theirs).values("pk"))


def may_serve_at(user: AnyUser, window: Window) -> bool:
    return windows_served_by(user, Window.objects.filter(pk=window.pk)).exists()


def served_among(user: AnyUser, window_ids: set[int]) -> set[int]:
    """Which of these windows `user` may serve at, in one query."""
    return set(
        windows_served_by(user, Window.objects.filter(pk__in=window_ids)).values_list(
            "pk", flat=True
        )
    )


def windows_to_work_at(user: User) -> list[Window]:
    """The windows this member of staff may serve at, to choose one."""
    candidates = scope_to_user(Window.objects.select_related("hall", "zone"), user)
    return list(windows_served_by(user, candidates).order_by("hall", "number"))


def access_window_for_staff(user: AnyUser, hall_code: str, number: int) -> Window:
    """The window a member of staff works at: 404 outside their hall, 403 if not theirs (one
    query when it is theirs: the hot path of every call)."""
    hall = access_hall(user, hall_code)
    candidates = Window.objects.select_related("zone").filter(hall=hall, number=number)
    window = windows_served_by(user, candidates).first()
    if window is None:
        if candidates.exists():
            raise NotAllowedAtWindow()
        raise NotFound()
    window.hall = hall  # known already: not joined again
    return window


# Who may call at a window is asked at every call and every part a workstation fetches:
# remembered, like the user behind a token (hall.core.memo), and only where the window's state
# is read again (a call's service under its lock, the desk's parts before they are drawn). A
# change of windows, zones, users or their departments and roles clears it; a window opening
# or pausing, or someone signing in, does not.
_callers: Memo[Window] = Memo(
    seconds=5.0,
    unaffected_by=frozenset({"last_login", *Window.STATE_FIELDS}),
    while_heard=KEPT_WHILE_HEARD,
    cleared_by=(
        Window,
        Zone,
        Hall,
        User,
        through(Window, "departments"),
        through(User, "departments"),
        through(User, "groups"),
    ),
)


def access_window_to_call_at(user: AnyUser, hall_code: str, number: int) -> Window:
    """`access_window_for_staff` for a workstation's keys and parts: the same answer, a query
    less, with the window's state as it was when remembered (the caller reads it again)."""
    if not isinstance(user, User):
        return access_window_for_staff(user, hall_code, number)
    window = _callers.get(
        (user.pk, hall_code, number), lambda: access_window_for_staff(user, hall_code, number)
    )
    return copy.copy(window)  # each request its own, as with the token's user


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


def hall_to_issue_in(request: HttpRequest, hall_code: str, channel: Channel) -> Hall:
    """Who may take a number where, on which channel, in one place for the kiosk, reception
    and the API: anyone at a hall's kiosk or phone page (anonymous clients so many a minute),
    its staff and devices likewise, and only reception staff for the reception channel (a
    priority given there is explained)."""
    user = request.user
    if channel == Channel.RECEPTION:
        if not isinstance(user, User):
            raise PermissionDenied()
        return access_hall(user, hall_code, permission="queueing.issue_priority_ticket")
    if isinstance(user, User):
        return access_hall(user, hall_code)
    hall = public_hall(hall_code)
    limit_anonymous_issue(hall, request)
    return hall


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
