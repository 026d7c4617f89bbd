"""好差评 pages: the rating on the phone after a finished ticket (一次一评)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hall.core.errors import DomainError
from hall.evaluation import selectors, services
from hall.evaluation.access import refuse_staff
from hall.evaluation.choices import Level, RatingChannel
from hall.evaluation.forms import RatingForm
from hall.queueing.access import ticket_by_follow_token


def ticket_evaluation(request: HttpRequest, token: str) -> HttpResponse:
    """Five big buttons; then the chosen level's tags and a comment; then thanks."""
    ticket = ticket_by_follow_token(token)
    refuse_staff(request)
    rated = getattr(ticket, "rating", None)
    level = _level(request.POST.get("level") or request.GET.get("level"))
    context = {"ticket": ticket, "rated": rated, "levels": Level.choices, "level": level}
    status = 200
    if rated is None and level is not None:
        form = RatingForm(
            request.POST if request.method == "POST" else None,
            tags=selectors.tags_for(ticket.hall, level),
        )
        context.update(form=form, level_label=Level(level).label)
        if request.method == "POST" and form.is_valid():
            try:
                context["rated"] = services.rating_give(
                    ticket=ticket,
                    level=level,
                    tags=form.cleaned_data["tags"],
                    comment=form.cleaned_data["comment"],
                    channel=RatingChannel.PHONE,
                    via="web",
                )
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status
    return render(request, "evaluation/rate.html", context, status=status)


def _level(text: str | None) -> int | None:
    return int(text) if text in {"1", "2", "3", "4", "5"} else None
