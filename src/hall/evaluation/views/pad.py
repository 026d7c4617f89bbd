"""The rating pad (评价器) beside a window: paired once by the office, then live."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hall.core.devices import device_pair, remember_device
from hall.core.errors import DomainError
from hall.core.models import DeviceKind, Window
from hall.evaluation import selectors, services
from hall.evaluation.access import pad_window, paired_pad_window
from hall.evaluation.choices import Level, RatingChannel
from hall.evaluation.errors import AlreadyEvaluated
from hall.evaluation.views.ratings import level_chosen
from hall.queueing.selectors import window_card

if TYPE_CHECKING:
    from hall.queueing.models import Ticket


def pad(request: HttpRequest, hall: str, window: int) -> HttpResponse:
    """The rating pad (评价器) beside a window: the 工作标牌 while idle, the five levels once
    the ticket at the window is finished (pad.js turns it, live). Not paired yet: the
    pairing form."""
    the_window, paired = pad_window(request, hall, window)
    if not paired:
        return render(
            request, "evaluation/pad_pair.html", {"hall": the_window.hall, "window": the_window}
        )
    return render(request, "evaluation/pad.html", _pad_screen(the_window))


@require_POST
def pad_pair(request: HttpRequest, hall: str, window: int) -> HttpResponse:
    the_window, _paired = pad_window(request, hall, window)
    try:
        key = device_pair(
            request=request,
            hall=the_window.hall,
            kind=DeviceKind.PAD,
            window=the_window,
            code=request.POST.get("code", ""),
        )
    except DomainError as error:
        context = {"hall": the_window.hall, "window": the_window, "error": error.message}
        return render(request, "evaluation/pad_pair.html", context, status=error.status)
    response = redirect("pad", hall=the_window.hall.code, window=the_window.number)
    remember_device(request, response, key)
    return response


def pad_screen(request: HttpRequest, hall: str, window: int) -> HttpResponse:
    """What the pad shows now (fetched when a ticket is finished, after a rating, when its
    time runs out, and every minute when idle in case a message was lost)."""
    the_window = paired_pad_window(request, hall, window)
    idle = request.GET.get("idle") == "1"  # its time ran out: the badge, whatever is left
    return render(request, "evaluation/pad.html#screen", _pad_screen(the_window, idle=idle))


@require_POST
def pad_rate(request: HttpRequest, hall: str, window: int) -> HttpResponse:
    """The rating tapped on the pad, for the ticket it was offered (the last finished at the
    window: a later finish there moves the pad on, and the earlier rating is refused)."""
    the_window = paired_pad_window(request, hall, window)
    ticket = selectors.ticket_for_pad(the_window, within=selectors.PAD_RATING_LIMIT)
    if ticket is None or str(ticket.pk) != request.POST.get("ticket"):
        return render(request, "evaluation/pad.html#thanks", {"missed": True})
    level = level_chosen(request.POST.get("level"))
    try:
        services.rating_give(
            served=services.Served.of_ticket(ticket),
            level=level or 0,
            tags=request.POST.getlist(f"tags-{level}"),
            comment=request.POST.get("comment", ""),
            channel=RatingChannel.PAD,
            via="pad",
        )
    except AlreadyEvaluated:  # the phone was quicker (一次一评)
        return render(request, "evaluation/pad.html#thanks", {"already": True})
    except DomainError as error:
        context = {**_pad_screen(the_window, ticket=ticket), "error": error.message}
        return render(request, "evaluation/pad.html#screen", context)
    return render(request, "evaluation/pad.html#thanks", {})


def _pad_screen(
    window: Window, *, ticket: Ticket | None = None, idle: bool = False
) -> dict[str, object]:
    if ticket is None and not idle:
        ticket = selectors.ticket_for_pad(window)
    context: dict[str, object] = {
        "hall": window.hall,
        "ticket": ticket,
        "pad_seconds": selectors.evaluation_settings(window.hall).pad_seconds,
    }
    if ticket is None:
        context.update(window_card(window))
    else:
        context.update(
            window=window,
            levels=[
                (value, label, selectors.tags_for(window.hall, value))
                for value, label in Level.choices
            ],
        )
    return context
