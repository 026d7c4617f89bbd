"""The demo hall's supervision: a spot inspection this week with a finding at window 4 to
rectify, a commendation for window 1, and this quarter's 红旗窗口 round open for votes."""

from __future__ import annotations

from django.utils import timezone

from hall.core.demo import demo_step
from hall.core.models import Hall, User, Window
from hall.supervision import services
from hall.supervision.choices import AwardKind, AwardPeriod
from hall.supervision.models import Inspection


@demo_step(order=80)
def seed_supervision(hall: Hall) -> None:
    """Idempotent: a hall already inspected is left as it is."""
    if hall.code != "demo" or Inspection.objects.filter(hall=hall).exists():
        return
    inspector = User.objects.get(username="ducha")
    office = User.objects.get(username="guanli")
    inspection = services.inspection_start(actor=inspector, hall=hall, via="demo")
    services.finding_record(
        actor=inspector,
        inspection=inspection,
        point="桌面整洁",
        staff=None,
        window=Window.objects.get(hall=hall, number=4),
        note="窗口台面堆放私人物品",
        photos=[],
        via="demo",
    )
    services.inspection_finish(actor=inspector, inspection=inspection, note="", via="demo")
    services.commendation_record(
        actor=office,
        hall=hall,
        staff=None,
        window=Window.objects.get(hall=hall, number=1),
        received_on=timezone.localdate(),
        source="市民李先生",
        note="耐心解答户籍迁移政策",
        via="demo",
    )
    services.round_open(
        actor=office,
        hall=hall,
        kind=AwardKind.RED_FLAG,
        period=AwardPeriod.QUARTER,
        day=timezone.localdate(),
        via="demo",
    )
