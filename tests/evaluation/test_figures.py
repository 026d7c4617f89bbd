"""Satisfaction figures (V2): per window, department and service item, per day, month and
quarter; an upheld appeal out of them; the monthly ranking published once; the public page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hall.core.periods import period_span
from hall.core.roles import Role
from hall.evaluation import selectors
from hall.evaluation.choices import RatingChannel
from hall.evaluation.models import Rating
from hall.evaluation.services import Served, rating_give
from hall.queueing import services as queue
from hall.queueing.choices import Channel
from hall.queueing.models import Ticket
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.queueing.conftest import QueueHall

pytestmark = pytest.mark.django_db


def rated_at(qhall: QueueHall, window: int, category: str, level: int) -> Rating:
    ticket = queue.ticket_issue(hall=qhall.hall, category_code=category, channel=Channel.KIOSK)
    called = queue.ticket_call_next(window=qhall.windows[window], actor=qhall.clerk)
    assert called is not None and called.pk == ticket.pk
    queue.ticket_start(ticket=called, actor=qhall.clerk)
    queue.ticket_finish(ticket=Ticket.objects.get(pk=ticket.pk), actor=qhall.clerk)
    return rating_give(
        served=Served.of_ticket(Ticket.objects.get(pk=ticket.pk)),
        level=level,
        tags=[],
        comment="",
        channel=RatingChannel.PHONE,
    )


def test_periods_are_a_day_a_week_a_month_a_quarter_or_a_year():
    day = datetime.date(2026, 11, 15)
    assert period_span("day", day) == (day, day)
    assert period_span("month", day) == (
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 30),
    )
    assert period_span("quarter", day) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    assert period_span("quarter", datetime.date(2026, 2, 28))[1] == datetime.date(2026, 3, 31)
    assert period_span("week", day) == (datetime.date(2026, 11, 9), datetime.date(2026, 11, 15))
    assert period_span("year", day) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_satisfaction_per_window_and_department_without_upheld_appeals(qhall):
    for level in (5, 4, 2):
        rated_at(qhall, 1, "household", level)
    upheld = rated_at(qhall, 2, "social", 1)
    rated_at(qhall, 2, "social", 5)
    Rating.objects.filter(pk=upheld.pk).update(counted=False)  # as appeal_decide does
    today = timezone.localdate()
    ratings = selectors.counted_ratings(qhall.hall, *period_span("month", today))
    by_window = [
        (r.label, r.rated, r.rate, r.bad) for r in selectors.satisfaction_by(ratings, "window")
    ]
    assert by_window == [("2", 1, 100.0, 0), ("1", 3, 66.7, 1)]
    total = selectors.satisfaction_total(ratings, "q")
    assert (total.rated, total.good, total.bad, total.rate) == (4, 3, 1, 75.0)
    office = logged_in(UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN))
    page = office.get("/evaluation/q/figures/?period=quarter").content.decode()
    assert "75.0%" in page and "66.7%" in page
    assert logged_in(qhall.clerk).get("/evaluation/q/figures/").status_code == 403


def test_the_office_publishes_a_past_months_ranking_once_and_the_public_sees_it(qhall):
    office = logged_in(UserFactory(username="office", hall=qhall.hall, role=Role.HALL_ADMIN))
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    for window, category, level in ((1, "household", 5), (2, "social", 3)):
        rating = rated_at(qhall, window, category, level)
        Rating.objects.filter(pk=rating.pk).update(
            created_at=timezone.now().replace(day=1) - datetime.timedelta(days=3)
        )
    this_month = f"{timezone.localdate():%Y-%m}"
    assert office.post("/evaluation/q/figures/publish/", {"month": this_month}).status_code == 422
    published = office.post("/evaluation/q/figures/publish/", {"month": f"{last_month:%Y-%m}"})
    assert published.status_code == 302
    again = office.post("/evaluation/q/figures/publish/", {"month": f"{last_month:%Y-%m}"})
    assert again.status_code == 409
    public = Client().get("/h/q/satisfaction/").content.decode()
    assert f"{last_month:%Y-%m}" in public and "1 号窗口 · 100.0%" in public
    assert "满意度" in Client().get("/h/q/").content.decode()
