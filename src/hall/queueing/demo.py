"""The demo hall's queue: categories per department, priorities, window work profiles; and,
for `hall demo`, weeks of past tickets for the forecast and the reports."""

from __future__ import annotations

import datetime
import random
import secrets

from django.utils import timezone

from hall.core import calendar
from hall.core.demo import demo_history, demo_step
from hall.core.models import Department, Hall, Window, Zone
from hall.queueing.choices import Channel, TicketStatus
from hall.queueing.models import (
    PriorityClass,
    QueueSettings,
    Ticket,
    TicketCategory,
    WorkProfileEntry,
)

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


HISTORY_WEEKS = 10
# People arriving per half-hour from 08:30 to 17:00 for a business of 10 a half-hour at its
# busiest: the morning peak, a quiet lunch, a smaller afternoon one.
SHAPE = [0.6, 1.0, 0.9, 0.8, 0.6, 0.5, 0.4, 0.1, 0.1, 0.3, 0.6, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
BUSIEST = {"household": 10, "social-security": 8, "medical-insurance": 6, "housing-fund": 5,
           "real-estate": 7, "business": 4, "tax": 6, "civil-affairs": 3}  # fmt: skip


@demo_history
def seed_ticket_history(hall: Hall) -> None:
    """Ten weeks of served tickets before today, for the forecast and the reports to read:
    Mondays and the day after a long holiday busier, a no-show in twenty. Idempotent."""
    today = timezone.localdate()
    first = today - datetime.timedelta(weeks=HISTORY_WEEKS)
    if Ticket.objects.filter(hall=hall, service_day__lt=today).exists():
        return
    rng = random.Random(hall.pk)  # noqa: S311  # made-up figures, the same on every seeding
    days = calendar.load(first - datetime.timedelta(days=15), today)
    categories = [c for c in TicketCategory.objects.filter(hall=hall) if c.code in BUSIEST]
    windows = {
        c.pk: list(Window.objects.filter(hall=hall, work_profile__category=c)) for c in categories
    }
    tickets = []
    day = first
    while day < today:
        busy = 1.0 + 0.3 * (day.weekday() == 0) + 0.5 * (days.days_off_before(day) >= 3)
        if days.is_workday(day):
            tickets += _day_of_tickets(hall, day, categories, windows, busy, rng)
        day += datetime.timedelta(days=1)
    Ticket.objects.bulk_create(tickets, batch_size=2000)


def _day_of_tickets(
    hall: Hall,
    day: datetime.date,
    categories: list[TicketCategory],
    windows: dict[int, list[Window]],
    busy: float,
    rng: random.Random,
) -> list[Ticket]:
    zone = timezone.get_current_timezone()
    made, sequence = [], 0
    for category in categories:
        counted = 0
        for slot, share in enumerate(SHAPE):
            people = int(rng.gauss(BUSIEST[category.code] * share * busy, 1.2) + 0.5)
            for _ in range(max(0, people)):
                sequence += 1
                counted += 1
                start = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=zone)
                arrived = start + datetime.timedelta(minutes=30 * slot + rng.uniform(0, 30))
                called = arrived + datetime.timedelta(minutes=rng.uniform(1, 20))
                shown = rng.random() > 0.05
                service = rng.expovariate(1 / category.default_service_minutes)
                made.append(
                    Ticket(
                        hall=hall,
                        category=category,
                        service_day=day,
                        sequence=sequence,
                        number=f"{category.prefix}{counted:03}",
                        channel=Channel.KIOSK,
                        status=TicketStatus.DONE if shown else TicketStatus.NO_SHOW,
                        arrived_at=arrived,
                        queued_at=arrived,
                        called_at=called,
                        started_at=called if shown else None,
                        finished_at=called + datetime.timedelta(minutes=service) if shown else None,
                        window=rng.choice(windows[category.pk]) if windows[category.pk] else None,
                        follow_token=secrets.token_urlsafe(16),
                    )
                )
    return made
