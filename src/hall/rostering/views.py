"""Roster pages: the list, the month grid with its steps, the Excel export."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from hall.core.access import request_user
from hall.core.errors import InvalidInput, NotFound
from hall.core.hours import Period
from hall.core.inputs import SMALL_INTEGER, parse_id
from hall.core.models import Window
from hall.rostering import grid, selectors, services
from hall.rostering.access import access_roster, roster_departments
from hall.rostering.choices import RosterStatus
from hall.rostering.models import Roster

VIEW = "rostering.view_roster"


def _roster(request: HttpRequest, department: str, month: str) -> Roster:
    return access_roster(request.user, department, month)


def _next_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@login_required
@permission_required(VIEW, raise_exception=True)
def roster_list(request: HttpRequest) -> HttpResponse:
    departments = roster_departments(request_user(request)).order_by("code")
    rosters = selectors.rosters_of_departments(departments)
    pending = selectors.changes_waiting(departments)
    context = {
        "departments": departments,
        "rosters": rosters[:100],
        "next_month": _next_month(timezone.localdate()),
        "pending": pending,
    }
    return render(request, "rostering/roster_list.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def roster_month(request: HttpRequest, department: str, month: str) -> HttpResponse:
    roster = _roster(request, department, month)
    user = request_user(request)
    context = {
        "grid": grid.build(roster),
        "roster": roster,
        "can_build": services.may_act(user, services.BUILD, roster.department),
        "can_approve": services.may_act(user, services.APPROVE),
    }
    return render(request, "rostering/roster_month.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def roster_excel(request: HttpRequest, department: str, month: str) -> HttpResponse:
    roster = _roster(request, department, month)
    response = HttpResponse(
        grid.excel(grid.build(roster)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="roster-{department}-{month}.xlsx"'
    return response


def _half_day_at_window(
    request: HttpRequest, roster: Roster
) -> tuple[datetime.date, Period, Window]:
    """The cell a form names: `day`, `period` and `window` (its number)."""
    number = parse_id(request.POST.get("window"), most=SMALL_INTEGER)
    if number is None:
        raise InvalidInput()
    try:
        day = datetime.date.fromisoformat(request.POST["day"])
        period = Period(request.POST["period"])
        window = roster.hall.windows.get(number=number)
    except (KeyError, ValueError, LookupError):
        raise InvalidInput() from None
    return day, period, window


def _back(roster: Roster) -> HttpResponse:
    return HttpResponseClientRedirect(
        reverse("roster-month", args=[roster.department.code, f"{roster.month:%Y-%m}"])
    )


@login_required
@require_POST
def roster_act(request: HttpRequest, department: str, month: str, action: str) -> HttpResponse:
    """The buttons around the grid: propose, submit, approve, return, close a window."""
    roster = _roster(request, department, month)
    actor = request_user(request)
    if action == "propose":
        services.roster_propose(
            actor=actor,
            hall=roster.hall,
            department=roster.department,
            month=roster.month,
            via="web",
        )
    elif action == "submit":
        services.roster_submit(actor=actor, roster=roster, via="web")
    elif action == "approve":
        services.roster_approve(actor=actor, roster=roster, via="web")
    elif action == "close":
        day, period, window = _half_day_at_window(request, roster)
        reason = request.POST.get("reason", "")
        services.window_close(
            actor=actor, window=window, day=day, period=period, reason=reason, via="web"
        )
    elif action == "return":
        comments = request.POST.get("comments", "")
        services.roster_return(actor=actor, roster=roster, comments=comments, via="web")
    else:
        raise NotFound()
    return _back(roster)


@login_required
@require_POST
def roster_cell(request: HttpRequest, department: str, month: str) -> HttpResponse:
    """One cell of the grid: a draft is edited at once; an approved roster gets a change
    request (调班) with the reason asked for."""
    roster = _roster(request, department, month)
    actor = request_user(request)
    day, period, window = _half_day_at_window(request, roster)
    staff = selectors.person_of_hall(roster.hall, parse_id(request.POST.get("staff")))
    if roster.status == RosterStatus.APPROVED:
        if staff is None:
            raise InvalidInput(_("Choose who takes the window."))
        # htmx sends what was typed at its prompt percent-encoded (a header is ASCII).
        reason = unquote(request.headers.get("HX-Prompt", "")) or request.POST.get("reason", "")
        services.roster_change_request(
            actor=actor,
            roster=roster,
            day=day,
            period=period,
            window=window,
            to_staff=staff,
            reason=reason,
            via="web",
        )
    else:
        services.roster_assign(
            actor=actor,
            roster=roster,
            day=day,
            period=period,
            window=window,
            staff=staff,
            via="web",
        )
    return _back(roster)


@login_required
@require_POST
def roster_change_decide(request: HttpRequest, change_id: int, decision: str) -> HttpResponse:
    change = selectors.change_in(roster_departments(request.user), change_id)
    if decision not in ("approve", "reject"):
        raise NotFound()
    services.roster_change_decide(
        actor=request_user(request), change=change, approve=decision == "approve", via="web"
    )
    return HttpResponseClientRedirect(reverse("roster-list"))
