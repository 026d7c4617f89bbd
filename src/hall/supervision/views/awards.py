"""Award pages (V5): the office opens a round and confirms it; duty officers vote beside the
proposal; the public votes on the hall's page with an SMS code; certificates print as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core import ratelimit
from hall.core.access import access_hall, public_hall, request_user
from hall.core.downloads import pdf_of, pdf_response
from hall.core.errors import DomainError, NotFound, TooManyAttempts
from hall.core.models import User, Window
from hall.core.selectors import one_of
from hall.supervision import awards, scoring, selectors, services
from hall.supervision.choices import AwardKind, AwardPeriod, RoundStatus
from hall.supervision.models import AwardRound, DutyVote

SEE = "supervision.view_scores"
CODES_PER_ADDRESS = 5  # an hour: a code is an SMS the hall pays for


@login_required
def round_list(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="supervision.vote_as_duty_officer")
    if request.method == "POST":
        services.round_open(
            actor=user,
            hall=the_hall,
            kind=AwardKind(request.POST.get("kind", AwardKind.RED_FLAG)),
            period=AwardPeriod(request.POST.get("period", AwardPeriod.MONTH)),
            day=timezone.localdate(),
            via="web",
        )
        messages.success(request, _("The round is open."))
        return redirect("award-rounds", hall=the_hall.code)
    return render(
        request,
        "supervision/rounds.html",
        {
            "hall": the_hall,
            "rounds": AwardRound.objects.filter(hall=the_hall)[:100],
            "kinds": AwardKind.choices,
            "periods": AwardPeriod.choices,
        },
    )


def _round(user: User, hall: str, round_id: int) -> AwardRound:
    the_hall = access_hall(user, hall, permission="supervision.vote_as_duty_officer")
    round = AwardRound.objects.filter(hall=the_hall, pk=round_id).select_related("hall").first()
    if round is None:
        raise NotFound()
    return round


def _choice(round: AwardRound, text: str | None) -> tuple[User | None, Window | None]:
    if round.kind == AwardKind.STAR:
        return one_of(scoring.scored_staff(round.hall), text), None
    return None, one_of(Window.objects.filter(hall=round.hall), text)


@login_required
def round_detail(request: HttpRequest, hall: str, round_id: int) -> HttpResponse:
    """The proposal with its four parts; a duty officer's vote; the office's confirmation."""
    user = request_user(request)
    round = _round(user, hall, round_id)
    if request.method == "POST":
        staff, window = _choice(round, request.POST.get("candidate"))
        services.duty_vote(actor=user, round=round, staff=staff, window=window, via="web")
        messages.success(request, _("Your vote is counted."))
        return redirect("award-round", hall=round.hall.code, round_id=round.pk)
    confirmed = round.status == RoundStatus.CONFIRMED
    return render(
        request,
        "supervision/round.html",
        {
            "hall": round.hall,
            "round": round,
            "candidates": [] if confirmed else awards.proposal(round),
            "awards": round.awards.select_related("staff", "window") if confirmed else [],
            "voted": DutyVote.objects.filter(round=round, voter=user).exists(),
            "voting": round.voting_open_on(timezone.localdate()),
            "may_confirm": not confirmed and timezone.localdate() > round.voting_closes_on,
            "weights": selectors.supervision_settings(round.hall).weights,
        },
    )


@login_required
@require_POST
def round_confirm(request: HttpRequest, hall: str, round_id: int) -> HttpResponse:
    user = request_user(request)
    round = _round(user, hall, round_id)
    services.round_confirm(actor=user, round=round, via="web")
    messages.success(request, _("The awards are confirmed."))
    return redirect("award-round", hall=round.hall.code, round_id=round.pk)


def _certificates(round: AwardRound, *, for_pdf: bool) -> str:
    return render_to_string(
        "supervision/certificates.html",
        {
            "hall": round.hall,
            "round": round,
            "awards": round.awards.select_related("staff", "window"),
            "for_pdf": for_pdf,
            "today": timezone.localdate(),
        },
    )


def _confirmed(user: User, hall: str, round_id: int) -> AwardRound:
    round = _round(user, hall, round_id)
    if round.status != RoundStatus.CONFIRMED:
        raise NotFound()
    return round


@login_required
def certificates(request: HttpRequest, hall: str, round_id: int) -> HttpResponse:
    """The certificates (荣誉证书), one a page, to print."""
    round = _confirmed(request_user(request), hall, round_id)
    return HttpResponse(_certificates(round, for_pdf=False))


@login_required
def certificates_pdf(request: HttpRequest, hall: str, round_id: int) -> HttpResponse:
    round = _confirmed(request_user(request), hall, round_id)
    return pdf_response(pdf_of(_certificates(round, for_pdf=True)), f"awards-{round.pk}.pdf")


# --- the public's vote -------------------------------------------------------------------------


def public_vote(request: HttpRequest, hall: str) -> HttpResponse:
    """The hall's open rounds: the mobile asks for a code, then votes with it."""
    the_hall = public_hall(hall)
    rounds = awards.voting_rounds(the_hall)
    chosen = one_of(
        AwardRound.objects.filter(pk__in=[r.pk for r in rounds]), request.POST.get("round")
    )
    error, mobile, sent = "", request.POST.get("mobile", "")[:20], False
    if request.method == "POST" and chosen is None:
        raise NotFound()
    if request.method == "POST" and chosen is not None:
        try:
            if request.POST.get("step") == "code":
                if not ratelimit.allow(
                    f"vote-code:{ratelimit.client_address(request)}",
                    limit=CODES_PER_ADDRESS,
                    per_seconds=3600,
                ):
                    raise TooManyAttempts()
                services.vote_code_send(round=chosen, mobile=mobile)
                sent = True
            else:
                staff, window = _choice(chosen, request.POST.get("candidate"))
                services.public_vote(
                    round=chosen,
                    mobile=mobile,
                    code=request.POST.get("code", "")[:10],
                    staff=staff,
                    window=window,
                )
                messages.success(request, _("Thank you: your vote is counted."))
                return redirect("public-vote", hall=the_hall.code)
        except DomainError as failure:
            error = failure.message
    return render(
        request,
        "supervision/vote.html",
        {
            "hall": the_hall,
            "rounds": [(r, _candidates(r)) for r in rounds],
            "chosen": chosen,
            "mobile": mobile,
            "sent": sent,
            "error": error,
        },
        status=422 if error else 200,
    )


def _candidates(round: AwardRound) -> list[tuple[int, str]]:
    if round.kind == AwardKind.STAR:
        return [(p.pk, str(p)) for p in scoring.scored_staff(round.hall)]
    return [
        (w.pk, _("Window %(number)s") % {"number": w.number})
        for w in Window.objects.filter(hall=round.hall).order_by("number")
    ]
