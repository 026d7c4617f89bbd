"""`hall demo` seeds ten weeks of made-up tickets: the forecast and the staffing advice of the
demo hall's next month can then be read (the tests' own demo has no history)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hall.core.demo import seed_demo, seed_demo_history
from hall.core.inputs import add_months
from hall.core.models import Hall
from hall.planning.staffing import advise
from hall.queueing.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_demo_hall_has_a_forecast_and_advice():
    seed_demo()
    assert not Ticket.objects.filter(service_day__lt=timezone.localdate()).exists()
    seed_demo_history()
    past = Ticket.objects.filter(service_day__lt=timezone.localdate()).count()
    assert past > 5000
    seed_demo_history()  # once only
    assert Ticket.objects.filter(service_day__lt=timezone.localdate()).count() == past
    hall = Hall.objects.get(code="demo")
    month = add_months(timezone.localdate().replace(day=1), 1)
    advice = advise(hall, month)
    assert advice.forecast.mape is not None and advice.forecast.mape < 25
    busy = [h for h in advice.half_days if h.department.code == "police" and h.period == "am"]
    assert busy and all(1 <= h.needed <= h.available for h in busy)
    assert all(h.simulated is not None for h in busy)
