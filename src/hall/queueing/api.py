"""Queue endpoints: the same services the kiosk, the window workstation and reception use."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from hall.core.access import public_hall, request_user
from hall.core.auth import OPTIONAL_AUTH
from hall.core.inputs import (
    SMALL_INTEGER,
    OptionalRecordId,
    OptionalWindowNumber,
    RecordId,
    WindowNumber,
)
from hall.core.models import User, Window
from hall.queueing import selectors, services
from hall.queueing.access import (
    access_ticket_for_staff,
    access_window_for_staff,
    access_window_to_call_at,
    hall_to_issue_in,
    ticket_by_follow_token,
)
from hall.queueing.choices import Channel
from hall.queueing.schemas import TicketOut, ticket_out

router = Router(tags=["queue"])


class TicketIn(Schema):
    category: str = Field(..., max_length=32, description="category code, e.g. household")
    priority: str | None = Field(
        None, max_length=32, description="priority class code, e.g. special"
    )
    channel: Literal["kiosk", "reception", "phone"] = "kiosk"
    priority_reason: str = Field("", max_length=200)
    mobile: str | None = Field(None, max_length=20, description="for the SMS when the turn is near")
    notify_when_ahead: int | None = Field(None, ge=1, le=50)


class TransferIn(Schema):
    category: str | None = Field(None, max_length=32)
    window: int | None = Field(None, ge=1, le=SMALL_INTEGER)


class PauseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)


class WindowStateOut(Schema):
    number: int
    state: str
    state_label: str
    state_reason: str


def window_state_out(window: Window) -> WindowStateOut:
    return WindowStateOut(
        number=window.number,
        state=window.state,
        state_label=str(window.get_state_display()),
        state_reason=window.state_reason,
    )


class CallOut(Schema):
    number: str
    window: int
    zone: str
    at: str
    text: str


class WindowQueueOut(Schema):
    number: int
    state: str
    current_ticket: str | None


class QueueOut(Schema):
    waiting: dict[str, int]
    windows: list[WindowQueueOut]
    recent_calls: list[CallOut]


def _staff(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@router.post("halls/{hall}/tickets", response={201: TicketOut}, auth=OPTIONAL_AUTH)
def ticket_issue(request: HttpRequest, hall: str, payload: TicketIn) -> Status:
    """Take a number. Kiosks and phones need no login; anonymous clients are rate-limited,
    staff and registered devices (with a token) are not. Only reception staff issue for the
    reception channel, where a priority needs a reason."""
    staff = _staff(request)
    the_hall = hall_to_issue_in(request, hall, Channel(payload.channel))
    ticket = services.ticket_issue(
        hall=the_hall,
        category_code=payload.category,
        channel=Channel(payload.channel),
        priority_code=payload.priority,
        priority_reason=payload.priority_reason,
        actor=staff,
        mobile=payload.mobile or "",
        notify_when_ahead=payload.notify_when_ahead,
        via="api",
    )
    return Status(201, ticket_out(request, ticket))


@router.post("halls/{hall}/windows/{number}/call-next", response={200: TicketOut, 204: None})
def ticket_call_next(
    request: HttpRequest,
    hall: str,
    number: WindowNumber,
    help_for: OptionalWindowNumber = None,
    finish: OptionalRecordId = None,
) -> Status | TicketOut:
    """Call the next ticket for this window's work profile; 204 when nobody waits for it.

    `?finish=ID` first finishes ticket ID, the one at the window, in the same transaction
    (办结并叫下一位); a repeated request finds it finished and changes nothing (409). Without
    it, a window with a ticket at it answers 409 `window_busy`.
    `?help_for=N` calls from window N's line instead while it is longer than the hall's
    threshold (跨窗通办), for staff allowed at window N."""
    window = access_window_to_call_at(request.user, hall, number)
    helped = access_window_to_call_at(request.user, hall, help_for) if help_for else None
    ticket = services.ticket_call_next(
        window=window,
        actor=request_user(request),
        via="api",
        help_for=helped,
        finish_id=finish,  # only the ticket at this window, where the user may serve
    )
    if ticket is None:
        return Status(204, None)
    return ticket_out(request, ticket)


class OutOfOrderIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200, description="recorded: 不得私自插队")


@router.post("halls/{hall}/windows/{number}/call/{ticket_id}", response=TicketOut)
def ticket_call_chosen(
    request: HttpRequest,
    hall: str,
    number: WindowNumber,
    ticket_id: RecordId,
    payload: OutOfOrderIn,
) -> TicketOut:
    """特呼: call this number out of order, with the reason recorded: one of the window's line,
    or one passed over today who came back."""
    window = access_window_to_call_at(request.user, hall, number)
    ticket = services.ticket_call_chosen(
        window=window,
        ticket_id=ticket_id,
        reason=payload.reason,
        actor=request_user(request),
        via="api",
    )
    return ticket_out(request, ticket)


def _act(request: HttpRequest, ticket_id: RecordId, action: services.TicketAction) -> TicketOut:
    ticket = access_ticket_for_staff(request.user, ticket_id)
    return ticket_out(request, action(ticket=ticket, actor=request_user(request), via="api"))


@router.post("tickets/{ticket_id}/recall", response=TicketOut)
def ticket_recall(request: HttpRequest, ticket_id: RecordId) -> TicketOut:
    """Call the same number again."""
    return _act(request, ticket_id, services.ticket_recall)


@router.post("tickets/{ticket_id}/start", response=TicketOut)
def ticket_start(request: HttpRequest, ticket_id: RecordId) -> TicketOut:
    return _act(request, ticket_id, services.ticket_start)


@router.post("tickets/{ticket_id}/finish", response=TicketOut)
def ticket_finish(request: HttpRequest, ticket_id: RecordId) -> TicketOut:
    return _act(request, ticket_id, services.ticket_finish)


@router.post("tickets/{ticket_id}/no-show", response=TicketOut)
def ticket_no_show(request: HttpRequest, ticket_id: RecordId) -> TicketOut:
    """Mark as not present after the hall's number of calls; it may go back in the queue."""
    return _act(request, ticket_id, services.ticket_no_show)


@router.post("tickets/{ticket_id}/transfer", response=TicketOut)
def ticket_transfer(request: HttpRequest, ticket_id: RecordId, payload: TransferIn) -> TicketOut:
    """To another category (`{"category": CODE}`) or window (`{"window": NUMBER}`)."""
    ticket = access_ticket_for_staff(request.user, ticket_id)
    moved = services.ticket_transfer(
        ticket=ticket,
        actor=request_user(request),
        via="api",
        category_code=payload.category,
        window_number=payload.window,
    )
    return ticket_out(request, moved)


@router.post("halls/{hall}/windows/{number}/pause", response=WindowStateOut)
def window_pause(
    request: HttpRequest, hall: str, number: WindowNumber, payload: PauseIn
) -> WindowStateOut:
    window = access_window_for_staff(request.user, hall, number)
    return window_state_out(
        services.window_pause(
            window=window, actor=request_user(request), reason=payload.reason, via="api"
        )
    )


@router.post("halls/{hall}/windows/{number}/resume", response=WindowStateOut)
def window_resume(request: HttpRequest, hall: str, number: WindowNumber) -> WindowStateOut:
    window = access_window_for_staff(request.user, hall, number)
    resumed = services.window_resume(window=window, actor=request_user(request), via="api")
    return window_state_out(resumed)


@router.get("halls/{hall}/queue", response=QueueOut, auth=None)
def queue_status(request: HttpRequest, hall: str) -> QueueOut:
    """Public live status (O2): waiting per category, windows, the last calls. No names."""
    the_hall = public_hall(hall)
    return QueueOut(
        waiting=selectors.waiting_counts(the_hall),
        windows=[
            WindowQueueOut(number=w.number, state=w.state, current_ticket=t.number if t else None)
            for w, t in selectors.windows_with_tickets(the_hall)
        ],
        recent_calls=[
            CallOut(
                number=call.number,
                window=call.window,
                zone=call.zone,
                at=timezone.localtime(call.at).strftime("%H:%M:%S"),
                text=call.text,
            )
            for call in selectors.recent_calls(the_hall)
        ],
    )


@router.get("follow/{token}", response=TicketOut, auth=None)
def ticket_follow(request: HttpRequest, token: str) -> TicketOut:
    """The phone page's data: where this ticket stands."""
    return ticket_out(request, ticket_by_follow_token(token))
