"""The whole demo: organisation first, then what each app adds to it."""

from __future__ import annotations

from django.db import transaction

from hall.cases.demo import seed_cases
from hall.catalog.demo import seed_catalog
from hall.core.demo import DEMO_PASSWORD, seed_organisation
from hall.core.models import Hall
from hall.queueing.demo import seed_queue
from hall.staff.demo import seed_staff

__all__ = ["DEMO_PASSWORD", "seed_demo"]


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Seed the demo hall and the branch hall (idempotent); returns (username, role) logins."""
    logins = seed_organisation()
    for hall in Hall.objects.filter(code__in=["demo", "branch"]):
        seed_queue(hall, full=hall.code == "demo")
        seed_catalog(hall)
        seed_staff(hall)
        seed_cases(hall)
    return logins
