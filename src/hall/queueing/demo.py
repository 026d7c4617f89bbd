"""The demo hall's queue: categories per department, priorities, window work profiles."""

from __future__ import annotations

from hall.core.demo import demo_step
from hall.core.models import Department, Hall, Window, Zone
from hall.queueing.models import PriorityClass, QueueSettings, TicketCategory, WorkProfileEntry

# (prefix, code, name, department code, zone code, usual minutes)
CATEGORIES = [
    ("A", "household", "户籍业务", "police", "a", 6),
    ("B", "social-security", "社保业务", "hrss", "a", 8),
    ("C", "medical-insurance", "医保业务", "medical", "a", 7),
    ("D", "housing-fund", "公积金业务", "housing-fund", "a", 10),
    ("E", "real-estate", "不动产登记", "real-estate", "b", 15),
    ("F", "business", "企业开办", "market", "b", 20),
    ("G", "tax", "税务业务", "tax", "b", 10),
    ("H", "civil-affairs", "民政业务", "civil", "a", 12),
    ("Z", "consultation", "综合咨询", None, "consultation", 5),
]

# (code, name, head start in minutes, offered at the kiosk)
PRIORITIES = [
    ("special", "老弱病残孕优先", 30, True),
    ("military", "军人优先", 30, True),
    ("urgent", "加急办理", 60, False),
    ("appointment", "预约", 30, False),  # given at an on-time check-in (hall.appointments)
]


@demo_step(order=30)
def seed_queue(hall: Hall) -> None:
    """Idempotent: a hall that already has categories is left as it is."""
    full = hall.code == "demo"
    if TicketCategory.objects.filter(hall=hall).exists():
        return
    # The demo should work on any day it is tried, a Sunday included.
    QueueSettings.objects.update_or_create(hall=hall, defaults={"refuse_on_closed_days": False})
    departments = {d.code: d for d in Department.objects.filter(hall=hall)}
    zones = {z.code: z for z in Zone.objects.filter(hall=hall)}
    categories = {}
    for position, (prefix, code, name, department, zone, minutes) in enumerate(CATEGORIES):
        if department and department not in departments:
            continue
        if not full and department is None:
            continue
        categories[code] = TicketCategory.objects.create(
            hall=hall,
            prefix=prefix,
            code=code,
            name=name,
            position=position,
            department=departments.get(department or ""),
            zone=zones.get(zone),
            default_service_minutes=minutes,
        )
    for position, (code, name, head_start, at_kiosk) in enumerate(PRIORITIES):
        PriorityClass.objects.create(
            hall=hall,
            code=code,
            name=name,
            head_start_minutes=head_start,
            offered_at_kiosk=at_kiosk,
            position=position,
        )
    by_department = {c.department_id: c for c in categories.values() if c.department_id}
    for window in Window.objects.filter(hall=hall).prefetch_related("departments"):
        own = [by_department[d.pk] for d in window.departments.all() if d.pk in by_department]
        if not own and "consultation" in categories:
            own = [categories["consultation"]]
        for category in own:
            WorkProfileEntry.objects.create(window=window, category=category, preference=1)
        # Civil affairs helps with consultation when its own line is empty (跨窗通办).
        if window.number == 22 and "consultation" in categories:
            WorkProfileEntry.objects.create(
                window=window, category=categories["consultation"], preference=2
            )
