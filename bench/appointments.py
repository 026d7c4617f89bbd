"""Appointment figures (#14): 16 clients racing to book one slot's places through the API.

Each client books a different person again and again into the same slot of the demo hall's
pool (its capacity raised for the run), until the places are gone: the answers are 201 or
409 `slot_full`, and afterwards exactly the capacity is booked, never one more.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench import load, server

CLIENTS = 16
PER_CLIENT = 25
CAPACITY = 320  # of the 400 requests, 80 find the slot full

PREPARE = """
import datetime, json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hall.settings")
import django
django.setup()
from django.utils import timezone
from hall.appointments.models import SlotPool
from hall.core import calendar
from hall.core.models import Hall
hall = Hall.objects.get(code="demo")
pool = SlotPool.objects.filter(hall=hall, items__service_item__code="id-card-renew").get()
SlotPool.objects.filter(pk=pool.pk).update(capacity=%d)
day = calendar.add_working_days(timezone.localdate(), 1).date
print(json.dumps({"date": day.isoformat(), "start": hall.morning_opens.strftime("%%H:%%M")}))
"""


def _resident_id(n: int) -> str:
    from hall.core.identifiers import resident_id_check_character

    first = f"11010519800101{n:03d}"  # a different person for each n below 1,000
    return first + resident_id_check_character(first)


def booking_race(backend: server.Backend, port: int, token: str, results: dict) -> None:
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE % CAPACITY],
        env=backend.env,
        check=True,
        capture_output=True,
        text=True,
    )
    slot = json.loads(prepared.stdout.strip().splitlines()[-1])

    def book(client: int, i: int, _last: dict | None) -> load.Request:
        person = client * PER_CLIENT + i
        body = {
            "service_item": "id-card-renew",
            **slot,
            "applicant": {
                "name": f"排队{person}",
                "id_number": _resident_id(person),
                "mobile": f"1390000{person:04d}",
            },
        }
        return ("POST", "/api/v1/halls/demo/appointments", body)

    result = load.run(
        port,
        clients=CLIENTS,
        requests_per_client=PER_CLIENT,
        token=token,
        make_request=book,
        accept=lambda status: status in (201, 409),
    )
    print(result.row(f"[{backend.name}] POST appointments (one slot)"))
    booked = _booked(backend, slot)
    print(f"[{backend.name}] places booked {booked} of {CAPACITY} (never more)")
    results[f"{backend.name}.booking_race.{CLIENTS}"] = {
        **result.summary(),
        "booked": booked,
        "capacity": CAPACITY,
    }


def _booked(backend: server.Backend, slot: dict) -> int:
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hall.settings');"
            "import django; django.setup();"
            "from hall.appointments.models import Appointment;"
            f"print(Appointment.objects.filter(date='{slot['date']}', start='{slot['start']}',"
            " service_item__code='id-card-renew').count())",
        ],
        env=backend.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(count.stdout.strip().splitlines()[-1])
