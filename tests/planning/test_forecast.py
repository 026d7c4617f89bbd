"""D2 on a hand-made history (April–September 2026, with Qingming, Labour Day, Dragon Boat and
Mid-Autumn in it): the forecast of October 2026 equals the weekday profiles, doubles the day
after National Day as the history's days after long holidays did, treats the make-up Saturday
as a mean weekday, and its error on the last weeks of history is 0."""

from __future__ import annotations

import datetime

import pytest

from hall.core import calendar
from hall.planning.forecast import AFTER_HOLIDAY, MAKE_UP, NoHistory, day_kind, forecast
from hall.queueing.choices import Channel, TicketStatus
from hall.queueing.models import Ticket, TicketCategory
from tests.factories import HallFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ZONE = datetime.timezone(datetime.timedelta(hours=8))
MONDAY = {18: 10, 28: 2}  # 09:00–09:30 and 14:00–14:30
OTHER_DAYS = {18: 5, 28: 2}
MEAN_WEEKDAY = {18: 6, 28: 2}


def history(hall, category, first, last):
    days = calendar.load(first - datetime.timedelta(days=15), last)
    tickets, n = [], 0
    day = first
    while day <= last:
        kind = day_kind(day, days)
        if kind:
            profile = MONDAY if day.weekday() == 0 else OTHER_DAYS
            if kind == MAKE_UP:
                profile = MEAN_WEEKDAY
            factor = 2 if kind == AFTER_HOLIDAY else 1
            for slot, people in profile.items():
                at = datetime.datetime.combine(
                    day, datetime.time(slot // 2, 30 * (slot % 2) + 5), tzinfo=ZONE
                )
                for _ in range(people * factor):
                    n += 1
                    tickets.append(
                        Ticket(
                            hall=hall,
                            category=category,
                            service_day=day,
                            sequence=n,
                            number=f"A{n}",
                            channel=Channel.KIOSK,
                            status=TicketStatus.DONE,
                            arrived_at=at,
                            queued_at=at,
                            follow_token=f"f{n}",
                        )
                    )
        day += datetime.timedelta(days=1)
    Ticket.objects.bulk_create(tickets)


@pytest.fixture
def hall_with_history(db):
    hall = HallFactory(code="f")
    category = TicketCategory.objects.create(hall=hall, code="a", prefix="A", name="综合")
    history(hall, category, D(2026, 4, 1), D(2026, 9, 30))
    return hall, category


def test_october_from_the_history(hall_with_history):
    hall, category = hall_with_history
    made = forecast(hall, D(2026, 10, 1), today=D(2026, 10, 1))
    a = category.pk
    assert [made.kinds[D(2026, 10, d)] for d in range(1, 8)] == [""] * 7
    assert made.days[D(2026, 10, 3)] == {}
    assert made.kinds[D(2026, 10, 8)] == AFTER_HOLIDAY
    assert made.factors[AFTER_HOLIDAY] == 2.0 and made.factors[MAKE_UP] == 1.0
    assert made.days[D(2026, 10, 8)] == {(a, 18): 10.0, (a, 28): 4.0}  # a Thursday, doubled
    assert made.days[D(2026, 10, 12)] == {(a, 18): 10.0, (a, 28): 2.0}  # a Monday
    assert made.days[D(2026, 10, 13)] == {(a, 18): 5.0, (a, 28): 2.0}
    assert made.kinds[D(2026, 10, 10)] == MAKE_UP
    assert made.days[D(2026, 10, 10)] == {(a, 18): 6.0, (a, 28): 2.0}
    assert made.total(D(2026, 10, 12)) == 12
    # Each of September's last four weeks forecast from the twelve before it: exact, and
    # Mid-Autumn's Monday after (28 September) doubled as the earlier such days were.
    assert made.mape == 0.0


def test_a_month_with_no_history_is_refused_in_chinese(db):
    hall = HallFactory(code="empty")
    with pytest.raises(NoHistory) as refused:
        forecast(hall, D(2026, 10, 1), today=D(2026, 9, 15))
    assert "2026-10-01 之前没有取号记录" in refused.value.message
