"""Ratings on the phone (一次一评 after a ticket, 一事一评 after a case, and 追评), the heads'
list of bad ratings to call back and rectify, and appeals."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, departments_in_charge, request_user
from hall.core.errors import DomainError, NotFound
from hall.core.models import Hall
from hall.evaluation import selectors, services
from hall.evaluation.access import case_to_rate, refuse_staff
from hall.evaluation.choices import BAD, Finding, Level, RatingChannel
from hall.evaluation.forms import RatingForm
from hall.evaluation.models import FollowUp, Rating
from hall.queueing.access import ticket_by_follow_token


def ticket_evaluation(request: HttpRequest, token: str) -> HttpResponse:
    """一次一评 on the phone, from the ticket's follow page once it is finished."""
    ticket = ticket_by_follow_token(token)
    refuse_staff(request)
    return _rating_page(request, services.Served.of_ticket(ticket), getattr(ticket, "rating", None))


def case_evaluation(request: HttpRequest) -> HttpResponse:
    """一事一评 on the phone, from the progress page or the SMS sent at conclusion: the case
    number and the applicant's last four characters, as the progress page asks."""
    refuse_staff(request)
    data = request.POST if request.method == "POST" else request.GET
    number, digits = data.get("number", "")[:32], data.get("digits", "")[:4]
    case = case_to_rate(number, digits)
    return _rating_page(
        request,
        services.Served.of_case(case),
        getattr(case, "rating", None),
        carried={"number": case.number, "digits": digits},
    )


def _rating_page(
    request: HttpRequest,
    served: services.Served,
    rated: Rating | None,
    *,
    carried: dict[str, str] | None = None,
) -> HttpResponse:
    """Five big buttons; then the chosen level's tags and a comment; then thanks. Once the
    follow-up of a 差评 is closed, the one follow-up rating (追评). `carried`: what finds
    the service again, kept in each link and form (a case's number and digits)."""
    level = level_chosen(request.POST.get("level") or request.GET.get("level"))
    context: dict[str, object] = {
        "served": served,
        "rated": rated,
        "levels": Level.choices,
        "level": level,
        "carried": (carried or {}).items(),
        "query": urlencode(carried or {}),
    }
    status = 200
    if rated is not None:
        follow_up = getattr(rated, "follow_up", None)
        context["follow_up"] = follow_up
        if request.method == "POST" and follow_up is not None and request.POST.get("second"):
            try:
                context["follow_up"] = services.follow_up_second_rating(
                    follow_up=follow_up,
                    level=level or 0,
                    comment=request.POST.get("comment", ""),
                    via="web",
                )
            except DomainError as error:
                context["second_error"] = error.message
                status = error.status
    elif level is not None:
        form = RatingForm(
            request.POST if request.method == "POST" else None,
            tags=selectors.tags_for(served.hall, level),
        )
        context.update(form=form, level_label=Level(level).label, bad=level in BAD)
        if request.method == "POST" and form.is_valid():
            try:
                context["rated"] = services.rating_give(
                    served=served,
                    level=level,
                    tags=form.cleaned_data["tags"],
                    comment=form.cleaned_data["comment"],
                    mobile=form.cleaned_data["mobile"] or "",
                    channel=RatingChannel.PHONE,
                    via="web",
                )
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status
    return render(request, "evaluation/rate.html", context, status=status)


def level_chosen(text: str | None) -> int | None:
    return int(text) if text in {"1", "2", "3", "4", "5"} else None


def _follow_ups(request: HttpRequest, hall: str) -> tuple[Hall, QuerySet[FollowUp]]:
    """The hall's follow-ups this user handles: a head their departments', the office all."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="evaluation.change_followup")
    departments = departments_in_charge(
        user, office_permission="evaluation.view_evaluationsettings"
    )
    return the_hall, selectors.follow_ups(the_hall, departments.filter(hall=the_hall))


@login_required
def follow_up_list(request: HttpRequest, hall: str) -> HttpResponse:
    """差评回访整改: call back, say what was found, record what was done."""
    the_hall, follow_ups = _follow_ups(request, hall)
    return render(
        request,
        "evaluation/follow_ups.html",
        {
            "hall": the_hall,
            "follow_ups": follow_ups[:200],
            "figures": selectors.loop_figures(
                follow_ups.filter(opened_at__gte=timezone.now() - datetime.timedelta(days=30))
            ),
            "findings": Finding.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def follow_up_step(request: HttpRequest, hall: str, follow_up_id: int, step: str) -> HttpResponse:
    the_hall, follow_ups = _follow_ups(request, hall)
    follow_up = follow_ups.filter(pk=follow_up_id).first()
    if follow_up is None:
        raise NotFound()
    user = request_user(request)
    note = request.POST.get("note", "")
    if step == "call-back":
        services.follow_up_call_back(
            follow_up=follow_up,
            actor=user,
            finding=request.POST.get("finding", ""),
            note=note,
            via="web",
        )
    elif step == "rectified":
        services.follow_up_rectified(follow_up=follow_up, actor=user, note=note, via="web")
    elif step == "contact":
        number = services.follow_up_contact(follow_up=follow_up, actor=user, via="web")
        return render(request, "evaluation/follow_ups.html#contact", {"number": number})
    else:
        raise NotFound()
    messages.success(request, _("Recorded."))
    return redirect("follow-ups", hall=the_hall.code)


@login_required
def my_ratings(request: HttpRequest) -> HttpResponse:
    """A member of staff's ratings of the last 90 days, and the appeal of a mistaken one."""
    user = request_user(request)
    since = timezone.localdate() - datetime.timedelta(days=90)
    rows = [
        (rating, services.appeal_last_day(rating))
        for rating in selectors.own_ratings(user, since)[:300]
    ]
    return render(
        request,
        "evaluation/mine.html",
        {
            "rows": rows,
            "today": timezone.localdate(),
            "since": since,
            "complaints": selectors.complaints_about(user)[:100],
        },
    )


@login_required
@require_POST
def appeal_file(request: HttpRequest, rating_id: int) -> HttpResponse:
    user = request_user(request)
    rating = selectors.own_ratings(user).filter(pk=rating_id).first()
    if rating is None:
        raise NotFound()
    services.appeal_file(
        rating=rating, actor=user, reason=request.POST.get("reason", ""), via="web"
    )
    messages.success(request, _("The appeal is sent to the office."))
    return redirect("my-ratings")


@login_required
def appeal_list(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = access_hall(request.user, hall, permission="evaluation.decide_appeal")
    return render(
        request,
        "evaluation/appeals.html",
        {"hall": the_hall, "appeals": selectors.appeals(the_hall)[:200]},
    )


@login_required
@require_POST
def appeal_decide(request: HttpRequest, hall: str, appeal_id: int) -> HttpResponse:
    the_hall = access_hall(request.user, hall, permission="evaluation.decide_appeal")
    appeal = selectors.appeals(the_hall).filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFound()
    services.appeal_decide(
        appeal=appeal,
        actor=request_user(request),
        uphold=request.POST.get("decision") == "uphold",
        note=request.POST.get("note", ""),
        via="web",
    )
    messages.success(request, _("Recorded."))
    return redirect("appeals", hall=the_hall.code)
