"""Monthly score pages (V5): the office's table of the month with every line, adjustments,
commendations and the lock; staff's own score with its lines and a request for a review;
the office's decisions on those requests; the rules and their points."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, request_user, require_permission
from hall.core.calendar import month_named
from hall.core.errors import DomainError, InvalidInput, NotFound
from hall.core.inputs import add_months, parse_date, parse_id
from hall.core.models import Hall, User, Window
from hall.supervision import scoring, selectors, services
from hall.supervision.choices import ReviewStatus, ScoreRule
from hall.supervision.models import Commendation, ReviewRequest

SEE_ALL = "supervision.view_scores"
MANAGE = "supervision.manage_scores"


def _points(text: str | None) -> Decimal:
    try:
        return Decimal((text or "").strip()[:8])
    except InvalidOperation:
        raise InvalidInput(_("Give the points as a number, such as -2 or 1.5.")) from None


def _subject(hall: Hall, text: str | None) -> tuple[User | None, Window | None]:
    """A form's "staff:12" or "window:3" (ids), within the hall."""
    kind, _sep, number = (text or "").partition(":")
    pk = parse_id(number)
    if kind == "staff" and pk:
        return scoring.scored_staff(hall).filter(pk=pk).first(), None
    if kind == "window" and pk:
        return None, Window.objects.filter(hall=hall, pk=pk).first()
    return None, None


@login_required
def scores_now(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall)
    month = f"{timezone.localdate():%Y-%m}"
    if not user.has_perm(SEE_ALL):
        return redirect("my-score", hall=the_hall.code, month=month)
    return redirect("scores", hall=the_hall.code, month=month)


@login_required
def month_table(request: HttpRequest, hall: str, month: str) -> HttpResponse:
    """Every score of the month and its lines; a draft until the office locks it."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=SEE_ALL)
    first = month_named(month)
    scores = scoring.month_scores(the_hall, first)
    return render(
        request,
        "supervision/scores.html",
        {
            "hall": the_hall,
            "month": first,
            "previous": add_months(first, -1),
            "next": add_months(first, 1) if add_months(first, 1) <= timezone.localdate() else None,
            "scores": scores,
            "reviews_pending": ReviewRequest.objects.filter(
                hall=the_hall, month=first, status=ReviewStatus.PENDING
            ).count(),
            "may_lock": add_months(first, 1) <= timezone.localdate(),
        },
    )


@login_required
@require_POST
def month_act(request: HttpRequest, hall: str, month: str, action: str) -> HttpResponse:
    """The office adjusts a score (with a reason) or locks the month."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=MANAGE)
    first = month_named(month)
    if action == "lock":
        services.month_lock(actor=user, hall=the_hall, month=first, via="web")
        messages.success(request, _("The month is locked."))
    elif action == "adjust":
        staff, window = _subject(the_hall, request.POST.get("subject"))
        services.score_adjust(
            actor=user,
            hall=the_hall,
            month=first,
            staff=staff,
            window=window,
            points=_points(request.POST.get("points")),
            reason=request.POST.get("reason", ""),
            via="web",
        )
        messages.success(request, _("Adjusted."))
    else:
        raise NotFound()
    return redirect("scores", hall=the_hall.code, month=month)


@login_required
def my_score(request: HttpRequest, hall: str, month: str) -> HttpResponse:
    """A member of staff's own score and every line of it; a review may be asked for."""
    user = request_user(request)
    the_hall = access_hall(user, hall)
    first = month_named(month)
    error = ""
    if request.method == "POST":
        try:
            services.review_request(
                actor=user, month=first, text=request.POST.get("text", ""), via="web"
            )
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Your request was sent to the office."))
            return redirect("my-score", hall=the_hall.code, month=month)
    return render(
        request,
        "supervision/my_score.html",
        {
            "hall": the_hall,
            "month": first,
            "previous": add_months(first, -1),
            "next": add_months(first, 1) if add_months(first, 1) <= timezone.localdate() else None,
            "scores": (scores := scoring.month_scores(the_hall, first)),
            "mine": scores.of(scoring.STAFF, user.pk),
            "reviews": ReviewRequest.objects.filter(hall=the_hall, staff=user, month=first),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
def reviews(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=MANAGE)
    return render(
        request,
        "supervision/reviews.html",
        {
            "hall": the_hall,
            "reviews": ReviewRequest.objects.filter(hall=the_hall)
            .select_related("staff", "decided_by")
            .order_by("status", "-created_at")[:200],
        },
    )


@login_required
@require_POST
def review_decide(request: HttpRequest, hall: str, review_id: int) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=MANAGE)
    review = ReviewRequest.objects.filter(hall=the_hall, pk=review_id).first()
    if review is None:
        raise NotFound()
    accept = request.POST.get("decision") == "accept"
    points = request.POST.get("points", "").strip()
    services.review_decide(
        actor=user,
        review=review,
        accept=accept,
        reply=request.POST.get("reply", ""),
        points=_points(points) if accept and points else None,
        via="web",
    )
    messages.success(request, _("Decided."))
    return redirect("score-reviews", hall=the_hall.code)


@login_required
def commendations(request: HttpRequest, hall: str) -> HttpResponse:
    """Letters of thanks (表扬信) the office records; each earns its rule's points."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=SEE_ALL)
    error = ""
    if request.method == "POST":
        staff, window = _subject(the_hall, request.POST.get("subject"))
        try:
            services.commendation_record(
                actor=user,
                hall=the_hall,
                staff=staff,
                window=window,
                received_on=parse_date(request.POST.get("received_on")),
                source=request.POST.get("source", ""),
                note=request.POST.get("note", ""),
                via="web",
            )
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Recorded."))
            return redirect("commendations", hall=the_hall.code)
    return render(
        request,
        "supervision/commendations.html",
        {
            "hall": the_hall,
            "commendations": Commendation.objects.filter(hall=the_hall).select_related(
                "staff", "window"
            )[:200],
            "staff": scoring.scored_staff(the_hall),
            "windows": Window.objects.filter(hall=the_hall).order_by("number"),
            "today": timezone.localdate(),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
def rules(request: HttpRequest, hall: str) -> HttpResponse:
    """Every rule and its points (the common value until changed), the score's bounds and
    the awards' weights and places."""
    user = request_user(request)
    the_hall = access_hall(user, hall, permission=SEE_ALL)
    error = ""
    if request.method == "POST":
        require_permission(user, "supervision.change_supervisionsettings")
        try:
            services.rules_save(
                actor=user,
                hall=the_hall,
                points={rule: _points(request.POST.get(rule)) for rule in selectors.RULES},
                numbers={name: request.POST.get(name, "") for name in services.SETTINGS_NUMBERS},
                checklist=request.POST.get("checklist"),
                via="web",
            )
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Saved."))
            return redirect("score-rules", hall=the_hall.code)
    points = selectors.score_rules(the_hall)
    return render(
        request,
        "supervision/rules.html",
        {
            "hall": the_hall,
            "rules": [(rule, ScoreRule(rule).label, points[rule]) for rule in selectors.RULES],
            "settings": selectors.supervision_settings(the_hall),
            "error": error,
        },
        status=422 if error else 200,
    )
