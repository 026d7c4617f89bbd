"""The demo hall's leave: three people away next month, approved by the office (so that a
roster proposal has something to respect)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hall.attendance import services
from hall.attendance.models import LeaveKind, LeaveRequest
from hall.core.demo import demo_step
from hall.core.models import Hall, User


@demo_step(order=60)
def seed_leave(hall: Hall) -> None:
    """Idempotent: a hall where someone already asked for leave is left as it is."""
    if hall.code != "demo" or LeaveRequest.objects.filter(staff__hall=hall).exists():
        return
    office = User.objects.get(username="guanli")
    today = timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    people = User.objects.filter(hall=hall, username__startswith="staff").order_by("pk")
    kinds = [LeaveKind.VACATION, LeaveKind.SICK, LeaveKind.PERSONAL]
    for offset, user in enumerate(people[:6:2]):
        start = next_month + datetime.timedelta(days=7 + 3 * offset)
        request = services.leave_request(
            actor=user,
            staff=user,
            kind=kinds[offset],
            start_date=start,
            end_date=start + datetime.timedelta(days=1),
            reason="演示",
            via="demo",
        )
        services.leave_decide(actor=office, request=request, approve=True, via="demo")
