"""Run inside a benchmark backend's environment: lay out H halls of the demo's size for the
province replay, every window open, and print what the load generator needs as JSON (each
hall's administrator's API token and logged-in session, its windows and their businesses)."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")

import django

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from hall.core.choices import WindowState  # noqa: E402
from hall.core.demo import demo_layout_hall  # noqa: E402
from hall.core.models import User, Window  # noqa: E402
from hall.core.roles import Role  # noqa: E402
from hall.core.services import api_token_create  # noqa: E402
from hall.queueing.demo import seed_queue  # noqa: E402
from hall.queueing.models import WorkProfileEntry  # noqa: E402


def lay_out(index: int) -> dict:
    code = f"p{index:03d}"
    with transaction.atomic():
        hall = demo_layout_hall(code, f"第{index}政务服务中心", "省政务大道", "12345", full=True)
        seed_queue(hall)
        Window.objects.filter(hall=hall).update(state=WindowState.OPEN, state_reason="")
        admin, _created = User.objects.get_or_create(
            username=f"{code}-guanli",
            defaults={"full_name": "管理员", "hall": hall, "is_staff": True},
        )
        admin.groups.set([Group.objects.get(name=Role.HALL_ADMIN.value)])
        _token, key = api_token_create(actor=None, user=admin, name="province replay")
    browser = Client()
    browser.force_login(admin)
    profiles: dict[int, list[str]] = {}
    for number, category in WorkProfileEntry.objects.filter(window__hall=hall).values_list(
        "window__number", "category__code"
    ):
        profiles.setdefault(number, []).append(category)
    return {
        "code": code,
        "token": key,
        "session": browser.cookies["sessionid"].value,
        "windows": {str(number): codes for number, codes in sorted(profiles.items())},
    }


if __name__ == "__main__":
    first, count = int(sys.argv[1]), int(sys.argv[2])
    print(json.dumps([lay_out(i) for i in range(first, first + count)]))
