from __future__ import annotations

import pytest
import time_machine

from hall.appointments.models import AppointmentSettings, PoolItem, SlotPool
from hall.catalog.choices import ServiceKind
from hall.catalog.services import ServiceItemSpec, service_item_publish
from hall.core.identifiers import resident_id_check_character
from hall.queueing.models import PriorityClass
from tests.queueing.conftest import QueueHall


def resident_id(n: int) -> str:
    """A valid ID number of a different person for each `n`."""
    first = f"110105198001{(n % 28) + 1:02d}{n // 28 % 1000:03d}"
    return first + resident_id_check_character(first)


def at(moment: str) -> time_machine.travel:
    """Beijing time, frozen."""
    return time_machine.travel(f"{moment} +0800", tick=False)


class BookingHall(QueueHall):
    """The queue's small hall with one bookable item (户口迁入, category A), places of 30
    minutes, `capacity` a slot, and the appointment priority (a 30-minute head start)."""

    def __init__(self, capacity: int = 4) -> None:
        super().__init__()
        self.appointment = PriorityClass.objects.create(
            hall=self.hall,
            code="appointment",
            name="预约",
            head_start_minutes=30,
            offered_at_kiosk=False,
        )
        AppointmentSettings.objects.create(hall=self.hall, priority=self.appointment)
        version = service_item_publish(
            actor=None,
            hall=self.hall,
            spec=ServiceItemSpec(
                code="hukou-move-in",
                name="户口迁入登记",
                department=self.police,
                kind=ServiceKind.PUBLIC_SERVICE,
                legal_limit_days=20,
                promised_limit_days=10,
                bookable=True,
            ),
        )
        self.item = version.item
        self.pool = SlotPool.objects.create(
            hall=self.hall,
            name="户籍",
            category=self.household,
            capacity=capacity,
            slot_minutes=30,
        )
        PoolItem.objects.create(pool=self.pool, service_item=self.item)


@pytest.fixture
def bhall(db) -> BookingHall:
    return BookingHall()


def applicant(n: int = 1) -> dict[str, str]:
    return {"name": f"张{n}", "id_number": resident_id(n), "mobile": f"1381234{n:04d}"}
