"""The demo hall's rostering: civil affairs rosters the consultation window, and every window
has an A and a B post from its department's window people (seeded by the staff demo)."""

from __future__ import annotations

from hall.core.demo import demo_step
from hall.core.models import Department, Hall, Window
from hall.rostering.models import WindowRequirement
from hall.rostering.selectors import windows_rostered_by
from hall.staff import selectors as staffing
from hall.staff.services import ab_pair_set


@demo_step(order=40)
def seed_rostering(hall: Hall) -> None:
    """Idempotent: a hall that already has a rostering rule is left as it is."""
    if hall.code != "demo" or WindowRequirement.objects.filter(window__hall=hall).exists():
        return
    departments = {d.code: d for d in Department.objects.filter(hall=hall)}
    WindowRequirement.objects.create(
        window=Window.objects.get(hall=hall, number=24), department=departments["civil"]
    )
    for department in departments.values():
        people = staffing.window_staff_of(hall, department)
        for index, window in enumerate(windows_rostered_by(hall, department)):
            if 2 * index + 1 < len(people):
                ab_pair_set(
                    actor=None,
                    window=window,
                    a_staff=people[2 * index],
                    b_staff=people[2 * index + 1],
                    via="demo",
                )
