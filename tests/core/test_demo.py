"""The demo hall that `make run` seeds."""

from __future__ import annotations

import pytest

from hall.core.demo import seed_demo
from hall.core.models import Department, Hall, User, Window
from hall.core.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_hall_has_departments_windows_and_a_user_per_role():
    logins = seed_demo()
    hall = Hall.objects.get(code="demo")
    assert Department.objects.filter(hall=hall).count() == 8
    assert Window.objects.filter(hall=hall).count() == 24
    assert "公安户籍" in set(Department.objects.values_list("short_name", flat=True))
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert len(logins) == len({username for username, _role in logins})


def test_seeding_twice_changes_nothing():
    seed_demo()
    counts = (Hall.objects.count(), Window.objects.count(), User.objects.count())
    seed_demo()
    assert (Hall.objects.count(), Window.objects.count(), User.objects.count()) == counts
