"""The booking pages on a phone, the booking's own page, change and cancel, check-in at the
kiosk, the staff's day list and suspensions, and the public hall page (O2)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hall.appointments.choices import AppointmentStatus
from hall.appointments.models import Appointment
from hall.core.roles import Role
from hall.queueing.models import Ticket
from tests.appointments.conftest import applicant, at, resident_id
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _confirm(client: Client, start: str = "09:00", n: int = 1, **changes) -> object:
    return client.post(
        "/book/q/confirm/",
        {"item": "hukou-move-in", "date": "2026-09-30", "start": start, **applicant(n), **changes},
    )


def test_booking_on_the_phone_a_step_at_a_time(bhall):
    client = Client()
    with at("2026-09-29 10:00"):
        items = client.get("/book/q/").content.decode()
        days = client.get("/book/q/?item=hukou-move-in").content.decode()
        form = client.get("/book/q/?item=hukou-move-in&date=2026-09-30&start=09:00")
        done = _confirm(client)
    assert "户口迁入登记" in items
    assert 'data-slot="2026-09-30 09:00"' in days and "2026-10-01" not in days  # a holiday
    assert 'data-slot="2026-09-29 09:30"' not in days  # begun already
    assert form.status_code == 200 and 'name="id_number"' in form.content.decode()
    appointment = Appointment.objects.get()
    assert done.status_code == 302 and done.url == f"/booking/{appointment.code}/"
    page = client.get(done.url).content.decode()
    assert appointment.code in page and "<svg" in page  # the QR code for the kiosk's scanner
    assert resident_id(1) not in page and "张1" not in page


def test_a_double_tapped_confirmation_books_once_and_says_why(bhall):
    client = Client()
    with at("2026-09-29 10:00"):
        _confirm(client)
        second = _confirm(client)
    assert second.status_code == 422
    code = Appointment.objects.get().code
    assert code in second.content.decode()  # "already booked (code …)": change it instead
    assert Appointment.objects.count() == 1


def test_a_bad_id_number_is_said_on_the_form_with_what_was_typed_kept(bhall):
    with at("2026-09-29 10:00"):
        response = _confirm(Client(), id_number="110105198001010011")
    page = response.content.decode()
    assert response.status_code == 422 and "110105198001010011" in page
    assert not Appointment.objects.exists()


def test_cancel_and_change_with_the_code_and_the_last_four(bhall):
    client = Client()
    with at("2026-09-29 10:00"):
        _confirm(client)
        code = Appointment.objects.get().code
        wrong = client.post("/booking/", {"code": code, "id_last4": "0000"})
        found = client.post("/booking/", {"code": code.lower(), "id_last4": resident_id(1)[-4:]})
        moved = client.post(
            "/booking/change/",
            {"code": code, "id_last4": resident_id(1)[-4:], "slot": "2026-09-30 10:30"},
        )
        assert Appointment.objects.get().start.strftime("%H:%M") == "10:30"
        cancelled = client.post("/booking/cancel/", {"code": code, "id_last4": resident_id(1)[-4:]})
    assert wrong.status_code == 422 and "2026" not in wrong.content.decode()
    assert found.status_code == 200 and "data-confirm=" in found.content.decode()
    assert moved.status_code == 302 and cancelled.status_code == 302
    assert Appointment.objects.get().status == AppointmentStatus.CANCELLED


def test_check_in_at_the_kiosk_prints_the_slip(bhall):
    client = Client()
    with at("2026-09-29 10:00"):
        _confirm(client)
    code = Appointment.objects.get().code
    with at("2026-09-30 08:30"):
        early = client.post("/kiosk/q/check-in/", {"code_or_id": code})
    with at("2026-09-30 08:50"):
        assert "/kiosk/q/check-in/" in client.get("/kiosk/q/").content.decode()
        done = client.post("/kiosk/q/check-in/", {"code_or_id": f" {code[:4]}-{code[4:]} "})
    assert early.status_code == 409 and "08:45" in early.content.decode()
    ticket = Ticket.objects.get()
    assert done.status_code == 302 and ticket.follow_token in done.url and "print=1" in done.url


def test_staff_see_the_day_by_slot_and_the_public_nothing_personal(bhall, admin_a):
    with at("2026-09-29 10:00"):
        _confirm(Client())
    reception = UserFactory(username="daofu-q", hall=bhall.hall, role=Role.RECEPTION)
    with at("2026-09-30 08:00"):
        listed = logged_in(reception).get("/appointments/q/").content.decode()
        clerk = logged_in(bhall.clerk).get("/appointments/q/")
        public = Client().get("/appointments/q/")
    assert "09:00–09:30" in listed and "户口迁入登记" in listed and "张**" in listed
    assert resident_id(1) not in listed
    assert clerk.status_code == 403 and public.status_code == 302  # to the login


def test_the_public_hall_page(bhall):
    bhall.hall.address = "人民路1号"
    bhall.hall.complaint_phone = "12345"
    bhall.hall.save()
    with at("2026-09-30 10:00"):
        page = Client().get("/h/q/").content.decode()
    with at("2026-10-03 10:00"):
        closed = Client().get("/h/q/").content.decode()
    assert "人民路1号" in page and "12345" in page and "08:00–12:00" in page
    assert "户籍业务" in page and "/book/q/" in page
    assert re.search(r"10月8日", closed) and "08:00–12:00" not in closed
