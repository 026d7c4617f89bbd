from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from hall.core.memo import clear_every_memo
from hall.core.roles import Role
from tests.factories import PASSWORD, HallFactory, UserFactory, WindowFactory

# Parallel test processes (pytest-xdist) share one Redis: each keeps to its own channel
# groups (a hall's board group is named after its id, and ids repeat across test databases).
_layer = settings.CHANNEL_LAYERS["default"]
settings.HALL_BACKUP_KEEP = 0  # no daily backup when a test runs every job (tests/ops)
# Tests travel in time with a logged-in client: idle sessions end only where a test says so
# (tests/ops/test_hardening).
settings.HALL_SESSION_IDLE_MINUTES = 10**6
if (worker := os.environ.get("PYTEST_XDIST_WORKER")) and "hosts" in _layer.get("CONFIG", {}):
    _layer["CONFIG"]["prefix"] = f"asgi-{worker}"


@pytest.fixture(autouse=True)
def _nothing_remembered(settings):
    """Each test starts with empty memos and a cache of its own (rate limits, locks): a
    rolled-back row's id or a case number may come back in the next test, and a parallel
    test process must not see, or flush, this one's keys."""
    clear_every_memo()
    translation.activate(settings.LANGUAGE_CODE)  # whatever an earlier test left active
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": uuid.uuid4().hex}
        for alias, config in settings.CACHES.items()
    }


@pytest.fixture
def hall_a(db):
    return HallFactory(code="hall-a", name="甲区政务服务中心")


@pytest.fixture
def hall_b(db):
    return HallFactory(code="hall-b", name="乙区政务服务中心")


@pytest.fixture
def window_b1(hall_b):
    return WindowFactory(hall=hall_b, number=1)


@pytest.fixture
def admin_a(hall_a):
    return UserFactory(username="admin-a", hall=hall_a, role=Role.HALL_ADMIN, is_staff=True)


@pytest.fixture
def admin_b(hall_b):
    return UserFactory(username="admin-b", hall=hall_b, role=Role.HALL_ADMIN, is_staff=True)


def logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client
