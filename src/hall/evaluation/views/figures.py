"""Satisfaction figures (V2): per window, member of staff, department and service item, per
day, month or quarter, for the office and the heads; the monthly ranking the office
publishes; and the hall's public satisfaction page."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.core.access import access_hall, public_hall, request_user
from hall.core.inputs import add_months, check_date
from hall.core.periods import period_span
from hall.evaluation import selectors, services
from hall.evaluation.models import FollowUp


def _day(text: str | None) -> datetime.date:
    try:
        return check_date(datetime.date.fromisoformat(text or ""))
    except ValueError:
        return timezone.localdate()


@login_required
def figures(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = access_hall(request.user, hall, permission="evaluation.view_rating")
    period = request.GET.get("period", "month")
    period = period if period in selectors.PERIODS else "month"
    day = _day(request.GET.get("day"))
    start, end = period_span(period, day)
    ratings = selectors.counted_ratings(the_hall, start, end)
    loop = selectors.loop_figures(
        FollowUp.objects.filter(hall=the_hall, opened_at__date__gte=start, opened_at__date__lte=end)
    )
    last_month = add_months(timezone.localdate().replace(day=1), -1)
    return render(
        request,
        "evaluation/figures.html",
        {
            "hall": the_hall,
            "period": period,
            "periods": selectors.PERIODS,
            "day": day,
            "start": start,
            "end": end,
            "total": selectors.satisfaction_total(ratings, the_hall.name),
            "tables": [
                (_("By window"), selectors.satisfaction_by(ratings, "window")),
                (_("By member of staff"), selectors.satisfaction_by(ratings, "staff")),
                (_("By department"), selectors.satisfaction_by(ratings, "department")),
                (_("By service item"), selectors.satisfaction_by(ratings, "service_item")),
            ],
            "loop": loop,
            "last_month": last_month,
            "may_publish": request.user.has_perm("evaluation.change_evaluationsettings"),
            "published": selectors.latest_ranking(the_hall),
        },
    )


@login_required
@require_POST
def ranking_publish(request: HttpRequest, hall: str) -> HttpResponse:
    user = request_user(request)
    the_hall = access_hall(user, hall, permission="evaluation.change_evaluationsettings")
    ranking = services.ranking_publish(
        actor=user, hall=the_hall, month=_day(f"{request.POST.get('month', '')[:7]}-01"), via="web"
    )
    messages.success(
        request, _("The ranking of %(month)s is published.") % {"month": f"{ranking.month:%Y-%m}"}
    )
    return redirect("satisfaction", hall=the_hall.code)


def satisfaction(request: HttpRequest, hall: str) -> HttpResponse:
    """Public: the hall's satisfaction and each service item's, and the latest ranking."""
    the_hall = public_hall(hall)
    end = timezone.localdate()
    ratings = selectors.counted_ratings(
        the_hall, end - datetime.timedelta(days=selectors.PUBLIC_DAYS), end
    )
    return render(
        request,
        "evaluation/satisfaction.html",
        {
            "hall": the_hall,
            "days": selectors.PUBLIC_DAYS,
            "total": selectors.satisfaction_total(ratings, the_hall.name),
            "items": selectors.satisfaction_by(ratings, "service_item"),
            "ranking": selectors.latest_ranking(the_hall),
        },
    )
