from __future__ import annotations

import pytest

from hall.core.choices import WindowState
from hall.core.roles import Role
from hall.queueing import live
from hall.queueing.models import PriorityClass, QueueSettings, TicketCategory, WorkProfileEntry
from tests.factories import DepartmentFactory, HallFactory, UserFactory, WindowFactory, ZoneFactory


class QueueHall:
    """A small hall: categories A (household) and B (social security), windows 1-3."""

    def __init__(self) -> None:
        self.hall = HallFactory(code="q", name="测试政务服务中心")
        QueueSettings.objects.create(hall=self.hall, refuse_on_closed_days=False)
        self.zone = ZoneFactory(hall=self.hall, code="a", name="A区")
        self.police = DepartmentFactory(hall=self.hall, code="police", name="公安户籍")
        self.household = TicketCategory.objects.create(
            hall=self.hall,
            code="household",
            prefix="A",
            name="户籍业务",
            department=self.police,
            zone=self.zone,
        )
        self.social = TicketCategory.objects.create(
            hall=self.hall, code="social", prefix="B", name="社保业务", zone=self.zone
        )
        self.special = PriorityClass.objects.create(
            hall=self.hall, code="special", name="老弱病残孕优先", head_start_minutes=30
        )
        self.urgent = PriorityClass.objects.create(
            hall=self.hall,
            code="urgent",
            name="加急",
            head_start_minutes=60,
            offered_at_kiosk=False,
        )
        self.windows = {}
        for number, profile in (
            (1, [self.household]),
            (2, [self.social]),
            (3, [self.social, self.household]),
        ):
            window = WindowFactory(
                hall=self.hall, zone=self.zone, number=number, state=WindowState.OPEN
            )
            for preference, category in enumerate(profile, start=1):
                WorkProfileEntry.objects.create(
                    window=window, category=category, preference=preference
                )
            self.windows[number] = window
        self.windows[1].departments.add(self.police)
        self.clerk = UserFactory(username="clerk", hall=self.hall, role=Role.WINDOW_STAFF)
        self.clerk.departments.add(self.police)


@pytest.fixture(autouse=True)
def _live_memory_of_its_own(monkeypatch):
    """What a process told its screens is kept per process; each test starts as a new one."""
    monkeypatch.setattr(live, "_moved", {})
    monkeypatch.setattr(live, "_help_told", {})


@pytest.fixture
def qhall(db) -> QueueHall:
    return QueueHall()


def set_rules(hall, **rules) -> None:
    """Change a hall's queue rules as an administrator's save would (the memo forgets them)."""
    settings = QueueSettings.objects.get(hall=hall)
    for name, value in rules.items():
        setattr(settings, name, value)
    settings.save()
