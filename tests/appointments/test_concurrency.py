"""A1: capacity is never exceeded. Real threads, each with its own database connection, race
for a slot's last places: on SQLite the writers queue on BEGIN IMMEDIATE, on PostgreSQL on the
slot's tally row."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from hall.appointments import selectors, services
from hall.appointments.errors import AlreadyBooked, SlotFull
from hall.appointments.models import Appointment, SlotTally
from tests import threads
from tests.appointments.conftest import BookingHall, applicant, at

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 16
DAY, START = datetime.date(2026, 9, 30), datetime.time(9, 0)


def test_sixteen_people_racing_for_the_last_five_places_get_five_bookings():
    hall = BookingHall(capacity=8)
    item = selectors.bookable(hall.hall, "hukou-move-in")
    with at("2026-09-29 10:00"):
        for n in range(3):  # three places taken before the race
            services.appointment_book(
                hall=hall.hall,
                item=item,
                day=DAY,
                start=START,
                applicant=services.Applicant.checked(**applicant(100 + n)),
            )
    outcomes: Counter[str] = Counter()

    def race(index: int) -> None:
        with at("2026-09-29 10:00"):
            try:
                services.appointment_book(
                    hall=hall.hall,
                    item=item,
                    day=DAY,
                    start=START,
                    applicant=services.Applicant.checked(**applicant(index + 1)),
                )
                outcomes["booked"] += 1
            except SlotFull:
                outcomes["slot_full"] += 1

    threads.run_in_threads(race, count=THREADS)
    assert outcomes == {"booked": 5, "slot_full": 11}
    assert Appointment.objects.filter(date=DAY, start=START).count() == 8
    assert SlotTally.objects.get(date=DAY, start=START).taken == 8


def test_one_person_booking_from_two_phones_at_once_gets_one_booking():
    hall = BookingHall(capacity=8)
    item = selectors.bookable(hall.hall, "hukou-move-in")
    refused: list[str] = []

    def tap(index: int) -> None:
        with at("2026-09-29 10:00"):
            try:
                services.appointment_book(
                    hall=hall.hall,
                    item=item,
                    day=DAY,
                    start=datetime.time(9 + index, 0),
                    applicant=services.Applicant.checked(**applicant(1)),
                )
            except AlreadyBooked as error:
                refused.append(error.code)

    threads.run_in_threads(tap, count=2)
    assert refused == ["already_booked"]
    assert Appointment.objects.count() == 1
    assert sum(SlotTally.objects.values_list("taken", flat=True)) == 1
