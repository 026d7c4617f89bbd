"""Planning pages (D2, D3): a month's forecast beside its error, the staffing advice per
department and half-day with Erlang C's and the simulation's figures, and applying it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, request_user
from hall.core.calendar import month_named
from hall.core.errors import DomainError
from hall.core.inputs import add_months
from hall.planning import services, staffing
from hall.queueing.selectors import categories_of

PLAN = "planning.plan_staffing"


@login_required
def month_plan(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=PLAN)
    text = request.GET.get("month", "")
    month = month_named(text) if text else add_months(timezone.localdate().replace(day=1), 1)
    advice, error = None, ""
    try:
        advice = staffing.advise(the_hall, month)
    except DomainError as failure:
        error = failure.message
    categories = {c.pk: c for c in categories_of(the_hall)}
    return render(
        request,
        "planning/month.html",
        {
            "hall": the_hall,
            "month": month,
            "previous": add_months(month, -1),
            "next": add_months(month, 1),
            "advice": advice,
            "days": _days(advice, categories) if advice else [],
            "categories": categories.values(),
            "error": error,
        },
        status=422 if error else 200,
    )


def _days(advice: staffing.Advice, categories: dict) -> list[dict]:
    """A row a day: its kind, each category's expected people, and the advice per half-day."""
    by_day: dict = {}
    for half_day in advice.half_days:
        by_day.setdefault(half_day.day, []).append(half_day)
    return [
        {
            "day": day,
            "kind": kind,
            "people": [round(advice.forecast.total(day, pk)) for pk in categories],
            "half_days": by_day.get(day, []),
        }
        for day, kind in sorted(advice.forecast.kinds.items())
    ]


@login_required
@require_POST
def apply(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=PLAN)
    month = month_named(request.POST.get("month", ""))
    _advice, closed = services.advice_apply(actor=user, hall=the_hall, month=month, via="web")
    messages.success(
        request,
        _("Applied: %(n)s window half-days closed; the roster proposal staffs the rest.")
        % {"n": closed},
    )
    return redirect(f"/planning/{the_hall.code}/?month={month:%Y-%m}")
