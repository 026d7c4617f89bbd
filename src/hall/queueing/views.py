"""Queue pages: kiosk, ticket slip, window workstation, boards, the phone page, reception,
and the office's switch to emergency operation."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core import live
from hall.core.access import access_hall, public_hall, request_user
from hall.core.choices import WindowState
from hall.core.errors import DomainError, NotFound, ReasonRequired
from hall.core.htmx import HtmxHttpRequest
from hall.core.inputs import SMALL_INTEGER, parse_id
from hall.core.links import public_link
from hall.core.models import User, Window
from hall.core.offers import offers_for
from hall.core.qr import qr_svg
from hall.core.selectors import window_numbered
from hall.queueing import selectors, services
from hall.queueing.access import (
    access_window_for_staff,
    access_window_to_call_at,
    hall_to_issue_in,
    served_among,
    ticket_by_follow_token,
    windows_to_work_at,
)
from hall.queueing.choices import Channel
from hall.queueing.forms import PauseForm, ReceptionTicketForm, SmsForm, TransferForm
from hall.queueing.voice import clip_path
from hall.rostering.selectors import on_duty
from hall.staff.selectors import photo_of


def kiosk(request: HttpRequest, hall: str) -> HttpResponse:
    """The touch screen: a big button per category, then the priority if the hall offers one."""
    the_hall = public_hall(hall)
    categories = selectors.categories_of(the_hall)
    chosen = next((c for c in categories if c.code == request.GET.get("category")), None)
    priorities = selectors.kiosk_priorities(the_hall)
    waiting = selectors.waiting_counts(the_hall)
    rules = selectors.queue_settings(the_hall)
    return render(
        request,
        "queueing/kiosk.html",
        {
            "hall": the_hall,
            "categories": [
                (c, waiting.get(c.code, 0), rules.suspends(c.code, Channel.KIOSK))
                for c in categories
            ],
            "chosen": chosen,
            "priorities": priorities,
            "emergency_reason": rules.emergency_reason if rules.in_emergency else "",
        },
    )


@require_POST
def kiosk_take(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = hall_to_issue_in(request, hall, Channel.KIOSK)
    ticket = services.ticket_issue(
        hall=the_hall,
        category_code=request.POST.get("category", ""),
        channel=Channel.KIOSK,
        priority_code=request.POST.get("priority") or None,
        via="kiosk",
        actor=request.user if isinstance(request.user, User) else None,
    )
    return redirect(
        f"{reverse('ticket-slip', args=[ticket.follow_token])}?print=1&back={the_hall.code}"
    )


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,32}")


def ticket_slip(request: HttpRequest, token: str) -> HttpResponse:
    """The 80 mm slip: number, category, people ahead, estimated wait, time, QR code."""
    ticket = ticket_by_follow_token(token)
    follow_url = public_link(ticket.hall, "ticket-follow", token)
    back = request.GET.get("back", "")
    return render(
        request,
        "queueing/slip.html",
        {
            "ticket": ticket,
            "standing": selectors.standing(ticket),
            "windows": selectors.windows_serving_numbers(ticket.category),
            "qr": qr_svg(follow_url),
            "follow_url": follow_url,
            # One offer on the slip at most (a survey running): 80 mm of paper is little.
            "offer": next(
                ((o, qr_svg(o.url, scale=2)) for o in offers_for(ticket.hall, slip=True)), None
            ),
            "autoprint": request.GET.get("print") == "1",
            # Back to the kiosk the slip came from (a hall code; anything else is ignored).
            "back": reverse("kiosk", args=[back]) if SLUG.fullmatch(back) else "",
        },
    )


def ticket_follow(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The phone page: position, people ahead, wait, live; an alert when called; SMS option."""
    ticket = ticket_by_follow_token(token)
    form = SmsForm()
    if request.method == "POST":
        form = SmsForm(request.POST)
        if form.is_valid():
            ticket = services.ticket_subscribe_sms(
                ticket=ticket,
                mobile=form.cleaned_data["mobile"],
                notify_when_ahead=form.cleaned_data["notify_when_ahead"],
            )
            form = SmsForm()
    context = {"ticket": ticket, "standing": selectors.standing(ticket), "form": form}
    return render(
        request, "queueing/follow.html#sms" if request.htmx else "queueing/follow.html", context
    )


def board(request: HttpRequest, hall: str) -> HttpResponse:
    """The hall board (叫号屏), or one zone's: live over WebSocket, no names."""
    the_hall = public_hall(hall)
    zones = selectors.board_zones(the_hall)
    zone = next((z for z in zones if z.code == request.GET.get("zone")), None)
    context = {"TIME_ZONE": settings.TIME_ZONE, "hall": the_hall, "zone": zone, "zones": zones}
    return render(request, "queueing/board.html", context)


def window_screen(request: HttpRequest, hall: str, window: int) -> HttpResponse:
    """The screen over one window (窗口屏): its number, what it handles, who is on duty (the
    工作标牌, O2), the number at it and whether it is paused; live over WebSocket."""
    the_window = window_numbered(public_hall(hall), window)
    current = selectors.ticket_at_window(the_window.pk)
    context = {
        "TIME_ZONE": settings.TIME_ZONE,
        "hall": the_window.hall,
        **selectors.window_card(the_window),
        "current": current.number if current else "",
    }
    return render(request, "queueing/window_screen.html", context)


def window_photo(request: HttpRequest, hall: str, window: int) -> FileResponse:
    """The photo on the badge of whoever is on duty at the window now: public as the badge
    is, and only theirs (no staff photo can be fetched by guessing an id)."""
    duty = on_duty(window_numbered(public_hall(hall), window), timezone.now())
    profile = photo_of(duty.staff.pk) if duty else None
    if profile is None:
        raise Http404()
    response = FileResponse(profile.photo.open("rb"))
    response["Cache-Control"] = "no-cache"  # the next shift's photo at the same address
    return response


def voice_clip(request: HttpRequest, name: str) -> FileResponse:
    """One recorded word of the spoken call, for boards whose PC has no Chinese voice."""
    path = clip_path(name)
    if path is None:
        raise Http404()
    response = FileResponse(path.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def workstation_pick(request: HttpRequest) -> HttpResponse:
    """Choose the window to work at: those this member of staff may serve."""
    windows = windows_to_work_at(request_user(request))
    return render(request, "queueing/workstation_pick.html", {"windows": windows})


# The desk is two parts its page refreshes apart, each when it is told that part changed
# (hall.queueing.consumers.WindowDeskConsumer): the window's own state and ticket, with the
# forms staff type in, and the line (who waits, who asks for help, my day).
DESK_PARTS = ("state", "line")
# The keys that may close a ticket at the window (finished, no-show, sent on): my day changes.
CLOSING_ACTIONS = {"finish", "finish-and-call-next", "no-show", "transfer"}


def _desk_context(request: HttpRequest, window: Window, part: str = "") -> dict[str, Any]:
    user = request_user(request)
    context: dict[str, Any] = {"window": window}
    if part in ("", "line", "day"):
        context["figures"] = selectors.own_figures(user_id=user.pk, day=timezone.localdate())
    if part in ("", "state"):
        current = selectors.ticket_at_window(window.pk)
        context |= {
            "current": current,
            "categories": selectors.categories_of(window.hall),
            "actions": selectors.desk_actions(window, current),
            "pause_reasons": selectors.queue_settings(window.hall).pause_reasons,
            "on_duty": on_duty(window, timezone.now()),
        }
    if part in ("", "line"):
        waiting = selectors.waiting_now(window.hall_id)  # this line's counts and the others'
        context |= {
            # A number of the line may be called out of order while the window is open; the
            # page hides those buttons while someone is at it (queue.css), the service refuses.
            "may_call": window.state == WindowState.OPEN,
            "waiting": selectors.waiting_for_window(window, waiting),
            "line": selectors.waiting_list(window),
            "passed_over": selectors.passed_over_today(window),
            "help_wanted": _help_wanted(user, window, waiting),
        }
    return context


def _help_wanted(
    user: User, window: Window, waiting: selectors.WaitingCounts
) -> list[selectors.HelpWanted]:
    """Other windows asking for help that this member of staff may serve (Q7)."""
    needing = selectors.windows_needing_help(window.hall_id, waiting)
    wanted = [w for w in needing if w.window.pk != window.pk]
    if not wanted:
        return []
    allowed = served_among(user, {w.window.pk for w in wanted})
    return [w for w in wanted if w.window.pk in allowed]


@login_required
def workstation(request: HtmxHttpRequest, hall: str, number: int) -> HttpResponse:
    window = access_window_to_call_at(request.user, hall, number)  # remembered: each part asks
    window.refresh_from_db(fields=Window.STATE_FIELDS)  # and its state as it is now
    part = request.GET.get("part", "")
    if request.htmx and part in DESK_PARTS:
        return render(
            request, f"queueing/workstation.html#{part}", _desk_context(request, window, part)
        )
    template = "queueing/workstation.html#desk" if request.htmx else "queueing/workstation.html"
    return render(request, template, _desk_context(request, window))


@login_required
@require_POST
def workstation_act(request: HtmxHttpRequest, hall: str, number: int, action: str) -> HttpResponse:
    """One button of the workstation; answers with the refreshed desk, or with its state part
    alone when the button was there (the page is not told again what it is answered)."""
    window = access_window_to_call_at(request.user, hall, number)  # its state read below
    user = request_user(request)
    if action == "open":  # answered with nothing: the page hears the window open
        services.workstation_open(window=window, actor=user)
        return HttpResponse(status=204)
    with live.acting_page(request.headers.get("X-Hall-Page", "")):
        _do_action(request, window, user, action)
    window.refresh_from_db(fields=Window.STATE_FIELDS)  # its hall and zone are as they were
    if not request.htmx:
        return redirect("workstation", hall=hall, number=number)
    if request.htmx.target == "desk-state":  # a button of the state: the line is as it was
        answer = render_to_string(
            "queueing/workstation.html#state", _desk_context(request, window, "state"), request
        )
        if action in CLOSING_ACTIONS:  # my day counts it
            day = _desk_context(request, window, "day") | {"out_of_band": True}
            answer += render_to_string("queueing/workstation.html#day", day, request)
        return HttpResponse(answer)
    return render(request, "queueing/workstation.html#desk", _desk_context(request, window))


def _do_action(request: HttpRequest, window: Window, user: User, action: str) -> None:
    hall = window.hall.code
    ticket_actions: dict[str, services.TicketAction] = {
        "recall": services.ticket_recall,
        "start": services.ticket_start,
        "finish": services.ticket_finish,
        "no-show": services.ticket_no_show,
    }
    if action == "call-next":
        services.ticket_call_next(window=window, actor=user, via="web")
    elif action == "finish-and-call-next":
        ticket_id = parse_id(request.POST.get("ticket"))
        if ticket_id is None:
            raise NotFound()
        services.ticket_call_next(
            window=window, actor=user, via="web", finish_id=ticket_id
        )  # only the ticket at this window, where the user may serve
    elif action == "call-chosen":
        ticket_id = parse_id(request.POST.get("ticket"))
        if ticket_id is None:
            raise NotFound()
        # htmx sends what was typed at its prompt percent-encoded (a header is ASCII).
        reason = unquote(request.headers.get("HX-Prompt", "")) or request.POST.get("reason", "")
        services.ticket_call_chosen(
            window=window, ticket_id=ticket_id, reason=reason, actor=user, via="web"
        )
    elif action == "help":
        helped_number = parse_id(request.POST.get("window"), most=SMALL_INTEGER)
        if helped_number is None:
            raise NotFound()
        helped = access_window_for_staff(user, hall, helped_number)
        services.ticket_call_next(window=window, actor=user, via="web", help_for=helped)
    elif action == "pause":
        form = PauseForm(request.POST)
        if form.is_valid():
            services.window_pause(
                window=window, actor=user, reason=form.cleaned_data["reason"], via="web"
            )
        else:
            raise ReasonRequired()
    elif action == "resume":
        services.window_resume(window=window, actor=user, via="web")
    elif action in ticket_actions or action == "transfer":
        current = selectors.ticket_at_window(window.pk)
        if current is None:
            raise NotFound()
        if action == "transfer":
            target = TransferForm(request.POST)
            target.is_valid()  # what is invalid is left out, and the service says what is missing
            services.ticket_transfer(
                ticket=current,
                actor=user,
                via="web",
                category_code=target.cleaned_data.get("category") or None,
                window_number=target.cleaned_data.get("window"),
            )
        else:
            ticket_actions[action](ticket=current, actor=user, via="web")
    else:
        raise NotFound()


@login_required
def reception(request: HttpRequest, hall: str) -> HttpResponse:
    """Issue a ticket for someone (导服); a priority is given with its reason recorded."""
    the_hall = hall_to_issue_in(request, hall, Channel.RECEPTION)
    form = ReceptionTicketForm(request.POST or None, hall=the_hall)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_issue(
                hall=the_hall,
                category_code=data["category"].code,
                channel=Channel.RECEPTION,
                priority_code=data["priority"].code if data["priority"] else None,
                priority_reason=data["priority_reason"],
                actor=request_user(request),
                mobile=data["mobile"] or "",
                notify_when_ahead=data["notify_when_ahead"],
                via="web",
            )
        except DomainError as error:  # said on the form, with what was typed kept
            form.add_error(None, error.message)
        else:
            return redirect(f"{reverse('ticket-slip', args=[ticket.follow_token])}?print=1")
    recent = selectors.issued_today_by(the_hall, request_user(request))
    return render(
        request,
        "queueing/reception.html",
        {"hall": the_hall, "form": form, "recent": recent},
        status=422 if form.errors else 200,
    )


# --- emergency operation (F2) -------------------------------------------------------------------


@login_required
def emergency(request: HttpRequest, hall: str) -> HttpResponse:
    """The office's switch: the state, and a form to start or end emergency operation."""
    the_hall = access_hall(request_user(request), hall, permission=services.CONFIGURE_QUEUE)
    return render(
        request,
        "queueing/emergency.html",
        {
            "hall": the_hall,
            "rules": selectors.queue_settings(the_hall),
            "categories": selectors.categories_of(the_hall),
            "kept": selectors.kept_waiting(the_hall),
        },
    )


@login_required
@require_POST
def emergency_switch(request: HttpRequest, hall: str, step: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=services.CONFIGURE_QUEUE)
    if step == "start":
        services.emergency_start(
            hall=the_hall,
            actor=user,
            reason=request.POST.get("reason", ""),
            categories=request.POST.getlist("category"),
            via="web",
        )
        messages.success(request, _("Emergency operation started."))
    elif step == "end":
        services.emergency_end(hall=the_hall, actor=user, via="web")
        messages.success(request, _("Back to normal operation."))
    else:
        raise NotFound()
    return redirect("emergency", the_hall.code)
