"""The demo hall's appointments: a pool per department whose items the guide marks bookable,
four places a half-hour, and the appointment priority (a 30-minute head start)."""

from __future__ import annotations

from hall.appointments.models import AppointmentSettings, PoolItem, SlotPool
from hall.catalog.selectors import current_versions
from hall.core.demo import demo_step
from hall.core.models import Hall
from hall.queueing.selectors import categories_of, priority_class


@demo_step(order=70)
def seed_appointments(hall: Hall) -> None:
    """Idempotent: a hall that already has slot pools is left as it is."""
    if SlotPool.objects.filter(hall=hall).exists():
        return
    AppointmentSettings.objects.update_or_create(
        hall=hall, defaults={"priority": priority_class(hall, "appointment")}
    )
    by_department = {c.department_id: c for c in categories_of(hall) if c.department_id}
    pools: dict[int, SlotPool] = {}
    for version in current_versions(hall).filter(bookable=True):
        category = by_department.get(version.department_id)
        if category is None:
            continue
        if category.pk not in pools:
            pools[category.pk] = SlotPool.objects.create(
                hall=hall, name=category.name, category=category, capacity=4, slot_minutes=30
            )
        PoolItem.objects.create(pool=pools[category.pk], service_item=version.item)
