from __future__ import annotations

import datetime

import pytest
import time_machine

from hall.core.roles import Role
from hall.staff.models import PostKind, StaffProfile
from tests.factories import DepartmentFactory, HallFactory, UserFactory, WindowFactory, ZoneFactory

DECEMBER = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _planning_in_november_2026():
    """The tests plan December 2026: they run as if in the November before (time moves on),
    so that the month is one that may be planned whenever they run."""
    with time_machine.travel("2026-11-20 10:00 +0800", tick=True):
        yield


class RosterHall:
    """Windows 1 and 2 of the estate department, three window staff, a head, the office."""

    def __init__(self) -> None:
        self.hall = HallFactory(code="r", name="测试政务服务中心")
        self.estate = DepartmentFactory(hall=self.hall, code="estate", name="不动产登记中心")
        zone = ZoneFactory(hall=self.hall)
        self.windows = {}
        for number in (1, 2):
            window = WindowFactory(hall=self.hall, zone=zone, number=number)
            window.departments.add(self.estate)
            self.windows[number] = window
        self.staff = [self._person(f"s{i}", name) for i, name in enumerate(["甲", "乙", "丙"])]
        self.head = self._person(
            "head", "科长", role=Role.DEPARTMENT_HEAD, posts=[PostKind.MANAGEMENT]
        )
        self.office = UserFactory(username="office", hall=self.hall, role=Role.HALL_ADMIN)

    def _person(self, username, name, *, role=Role.WINDOW_STAFF, posts=(PostKind.WINDOW,)):
        user = UserFactory(username=username, full_name=name, hall=self.hall, role=role)
        user.departments.add(self.estate)
        StaffProfile.objects.create(
            user=user, department=self.estate, posts=[p.value for p in posts]
        )
        return user


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rhall(db) -> RosterHall:
    return RosterHall()


_leave_ids = iter(range(1, 10**6))


def away(person, day, *, kind, start_period="am", end_period="pm"):
    """Approved leave as attendance hands it to the roster (the roster's own copy)."""
    from hall.rostering.services import absence_record

    absence_record(
        leave_id=next(_leave_ids),
        staff_id=person.pk,
        kind=kind,
        start_date=day,
        start_period=start_period,
        end_date=day,
        end_period=end_period,
    )
