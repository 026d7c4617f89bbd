"""Reception pages: registering a visitor with a number in the same step (R1); the questions
of the hall with a form to take one, a question's chain with its answer and hand-over forms,
and the office's pick for the guide's FAQ (R2)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.catalog.selectors import current_versions
from hall.core.access import access_hall, request_user
from hall.core.errors import DomainError, NotFound
from hall.core.inputs import parse_id
from hall.core.models import Hall, User, Zone
from hall.core.selectors import windows_of_hall
from hall.queueing.selectors import categories_of
from hall.reception import selectors, services
from hall.reception.choices import QuestionChannel
from hall.reception.models import Question

SEE = "reception.view_question"
FAQ_FROM_DAYS = 90


def _question(hall: Hall, question_id: int) -> Question:
    question = selectors.questions_of(hall).filter(pk=question_id).first()
    if question is None:
        raise NotFound()
    return question


@login_required
def questions(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=SEE)
    error, typed = "", request.POST
    if request.method == "POST":
        try:
            question = services.question_record(
                hall=the_hall,
                actor=user,
                text=typed.get("text", ""),
                channel=typed.get("channel", ""),
                item_code=typed.get("item", "").split(" ", 1)[0],
                answer=typed.get("answer", ""),
                minutes=parse_id(typed.get("minutes"), most=services.MOST_MINUTES),
                via="web",
            )
        except DomainError as failure:  # said on the form, with what was typed kept
            error = failure.message
        else:
            messages.success(request, _("Question recorded."))
            return redirect("question", the_hall.code, question.pk)
    since = timezone.localdate() - datetime.timedelta(days=FAQ_FROM_DAYS)
    return render(
        request,
        "reception/questions.html",
        {
            "hall": the_hall,
            "open": selectors.open_questions(the_hall, user),
            "answered": selectors.questions_of(the_hall).filter(status="answered")[:20],
            "items": current_versions(the_hall),
            "channels": QuestionChannel.choices,
            "frequent": selectors.frequent_by_item(the_hall, since),
            "faq_from_days": FAQ_FROM_DAYS,
            "error": error,
            "typed": typed,
        },
        status=422 if error else 200,
    )


@login_required
def question(request: HttpRequest, hall: str, question_id: int) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=SEE)
    the_question = _question(the_hall, question_id)
    colleagues = (
        User.objects.with_perm(services.ANSWER)
        .filter(hall=the_hall, is_active=True)
        .exclude(pk=user.pk)
        .order_by("full_name", "username")
    )
    return render(
        request,
        "reception/question.html",
        {
            "hall": the_hall,
            "question": the_question,
            "chain": the_question.handovers.select_related("from_user", "to_user"),
            "mine": the_question.owner_id == user.pk,
            "colleagues": colleagues,
        },
    )


@login_required
@require_POST
def question_step(request: HttpRequest, hall: str, question_id: int, step: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=SEE)
    the_question = _question(the_hall, question_id)
    if step == "answer":
        services.question_answer(
            question=the_question,
            actor=user,
            answer=request.POST.get("answer", ""),
            minutes=parse_id(request.POST.get("minutes"), most=services.MOST_MINUTES),
            via="web",
        )
        messages.success(request, _("Answer recorded."))
    elif step == "hand-over":
        services.question_hand_over(
            question=the_question,
            actor=user,
            to_user_id=parse_id(request.POST.get("to")) or 0,
            note=request.POST.get("note", ""),
            via="web",
        )
        messages.success(request, _("Handed over."))
    elif step in ("guide", "unguide"):
        services.question_in_guide(
            question=the_question, actor=user, shown=step == "guide", via="web"
        )
    else:
        raise NotFound()
    return redirect("question", the_hall.code, the_question.pk)


@login_required
def visitors(request: HttpRequest, hall: str) -> HttpResponse:
    """登记 in a few keystrokes: the purpose (a service item typed to search, or free text),
    optionally who, where they were sent, and a number printed in the same step."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="reception.view_visit")
    error, typed = "", request.POST
    if request.method == "POST":
        try:
            visit = services.visitor_register(
                hall=the_hall,
                actor=user,
                item_code=typed.get("item", "").split(" ", 1)[0],
                purpose=typed.get("purpose", ""),
                name=typed.get("name", ""),
                id_number=typed.get("id_number", ""),
                zone_code=typed.get("zone", ""),
                window_number=parse_id(typed.get("window"), most=999),
                category_code=typed.get("category", ""),
                via="web",
            )
        except DomainError as failure:  # said on the form, with what was typed kept
            error = failure.message
        else:
            if visit.ticket is not None:
                slip = reverse("ticket-slip", args=[visit.ticket.follow_token])
                return redirect(f"{slip}?print=1")
            messages.success(request, _("Visitor registered."))
            return redirect("visitors", the_hall.code)
    today = timezone.localdate()
    return render(
        request,
        "reception/visitors.html",
        {
            "hall": the_hall,
            "items": current_versions(the_hall),
            "zones": Zone.objects.filter(hall=the_hall).order_by("position"),
            "windows": windows_of_hall(the_hall),
            "categories": categories_of(the_hall),
            "visits": selectors.visits_today(the_hall),
            "by_hour": sorted(selectors.visitors_by_hour(the_hall, today, today).items()),
            "error": error,
            "typed": typed,
        },
        status=422 if error else 200,
    )
