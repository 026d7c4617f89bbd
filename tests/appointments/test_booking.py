"""A1–A3 through the API and the services, with frozen time on real 2026 dates: slots from the
opening hours and the working-day calendar, the booking horizon in working days, capacity,
one booking per person, change and cancel, check-in, no-shows and suspension, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from hall.appointments import selectors, services
from hall.appointments.choices import AppointmentStatus, LateRule
from hall.appointments.errors import SlotFull
from hall.appointments.models import Appointment, AppointmentSettings, SlotTally
from hall.core.errors import ReasonRequired
from hall.core.models import AuditRecord, OutboxMessage
from hall.queueing import services as queue
from hall.queueing.choices import Channel, TicketStatus
from hall.queueing.models import Ticket
from tests.appointments.conftest import BookingHall, applicant, at, resident_id

pytestmark = pytest.mark.django_db
API = "/api/v1"


def slots(client: Client, day: str) -> dict:
    response = client.get(
        f"{API}/halls/q/appointment-slots", {"service_item": "hukou-move-in", "date": day}
    )
    assert response.status_code == 200, response.content
    return response.json()


def book(client: Client, day: str, start: str, n: int = 1, **changes) -> object:
    body = {
        "service_item": "hukou-move-in",
        "date": day,
        "start": start,
        "applicant": {**applicant(n), **changes},
    }
    return client.post(f"{API}/halls/q/appointments", body, content_type="application/json")


def check_in(client: Client, **by) -> object:
    return client.post(f"{API}/halls/q/appointments/check-in", by, content_type="application/json")


def rules(hall, **values) -> None:
    AppointmentSettings.objects.filter(hall=hall).update(**values)


# --- slots and days -------------------------------------------------------------------------


def test_slots_follow_the_opening_hours_with_none_in_the_lunch_break(bhall):
    with at("2026-09-28 07:00"):
        day = slots(Client(), "2026-09-29")
    starts = [s["start"] for s in day["slots"]]
    assert day["closed"] is False
    # 08:00-12:00 and 13:30-17:00 in half-hours: 8 + 7 slots, nothing from 12:00 to 13:30.
    assert starts[:2] == ["08:00", "08:30"] and starts[-1] == "16:30"
    assert len(starts) == 15 and "12:00" not in starts and "13:00" not in starts
    assert day["slots"][0] == {"start": "08:00", "end": "08:30", "capacity": 4, "available": 4}


@pytest.mark.parametrize("holiday", [f"2026-10-0{d}" for d in range(1, 8)])
def test_national_day_has_no_slots(bhall, holiday):
    with at("2026-09-28 07:00"):
        day = slots(Client(), holiday)
    assert day == {"date": holiday, "closed": True, "slots": []}


def test_the_make_up_saturday_has_slots(bhall):
    with at("2026-10-09 07:00"):
        day = slots(Client(), "2026-10-10")  # 调休: a Saturday that is a working day
    assert day["closed"] is False and len(day["slots"]) == 15


def test_the_horizon_is_counted_in_working_days_across_national_day(bhall):
    client = Client()
    with at("2026-09-29 10:00"):
        # 7 working days after 9-29: 9-30, 10-8, 10-9, 10-10 (the make-up Saturday), 10-12,
        # 10-13, 10-14; the week of National Day does not count.
        assert book(client, "2026-10-14", "09:00", n=1).status_code == 201
        beyond = book(client, "2026-10-15", "09:00", n=2)
        holiday = book(client, "2026-10-05", "09:00", n=3)
        past = book(client, "2026-09-28", "09:00", n=4)
    assert beyond.status_code == 422 and beyond.json()["code"] == "day_outside_horizon"
    assert "2026-10-14" in beyond.json()["message"]
    assert holiday.status_code == 422 and holiday.json()["code"] == "day_closed"
    assert past.status_code == 422 and past.json()["code"] == "day_outside_horizon"
    assert Appointment.objects.count() == 1


def test_a_slot_that_does_not_exist_or_has_begun_is_refused(bhall):
    client = Client()
    with at("2026-09-29 10:00"):
        odd = book(client, "2026-09-30", "09:10")
        lunch = book(client, "2026-09-30", "12:30", n=2)
        begun = book(client, "2026-09-29", "09:30", n=3)
        later_today = book(client, "2026-09-29", "14:00", n=4)
    assert odd.json()["code"] == "no_such_slot" and lunch.json()["code"] == "no_such_slot"
    assert begun.json()["code"] == "slot_passed"
    assert later_today.status_code == 201


# --- booking ----------------------------------------------------------------------------------


def test_a_booking_answers_with_its_code_and_queues_an_sms(bhall):
    with at("2026-09-29 10:00"):
        response = book(Client(), "2026-09-30", "09:00")
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["service_item"] == "hukou-move-in" and answer["status"] == "booked"
    assert (answer["date"], answer["start"], answer["end"]) == ("2026-09-30", "09:00", "09:30")
    code = answer["code"]
    assert len(code) == 8 and code.isalnum() and not set(code) & set("01OIL")
    appointment = Appointment.objects.get(code=code)
    assert appointment.applicant_id_number.plaintext == resident_id(1)
    assert appointment.applicant_id_number.masked != resident_id(1)
    sms = OutboxMessage.objects.get()
    assert code in sms.body and "09:00" in sms.body
    audit = AuditRecord.objects.get(action="appointment.book")
    assert resident_id(1) not in str(audit.changes) and "张1" not in str(audit.changes)
    with at("2026-09-29 10:00"):
        assert slots(Client(), "2026-09-30")["slots"][2]["available"] == 3


def test_a_full_slot_is_409_and_books_nothing(db):
    BookingHall(capacity=2)
    client = Client()
    with at("2026-09-29 10:00"):
        assert book(client, "2026-09-30", "09:00", n=1).status_code == 201
        assert book(client, "2026-09-30", "09:00", n=2).status_code == 201
        full = book(client, "2026-09-30", "09:00", n=3)
        left = slots(client, "2026-09-30")["slots"][2]
    assert full.status_code == 409 and full.json()["code"] == "slot_full"
    assert "09:00" in full.json()["message"]
    assert left["available"] == 0 and Appointment.objects.count() == 2


def test_one_active_booking_per_person_item_and_day(bhall):
    client = Client()
    with at("2026-09-29 10:00"):
        assert book(client, "2026-09-30", "09:00").status_code == 201
        again = book(client, "2026-09-30", "14:00")
        other_day = book(client, "2026-10-09", "09:00")
    assert again.status_code == 409 and again.json()["code"] == "already_booked"
    assert other_day.status_code == 201
    assert SlotTally.objects.get(date="2026-09-30").taken == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"id_number": "110105198001010011"}, "invalid_resident_id"),  # wrong check digit
        ({"mobile": "1234"}, "invalid_mobile"),
        ({"name": "   "}, "invalid_input"),
    ],
)
def test_bad_applicant_data_is_a_chinese_422_and_books_nothing(bhall, changes, code):
    with at("2026-09-29 10:00"):
        response = book(Client(), "2026-09-30", "09:00", **changes)
    assert response.status_code == 422 and response.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])
    assert not Appointment.objects.exists() and not SlotTally.objects.filter(taken__gt=0).exists()


def test_an_item_nobody_may_book_is_404(bhall):
    with at("2026-09-29 10:00"):
        response = Client().post(
            f"{API}/halls/q/appointments",
            {
                "service_item": "nothing",
                "date": "2026-09-30",
                "start": "09:00",
                "applicant": applicant(),
            },
            content_type="application/json",
        )
    assert response.status_code == 404 and response.json()["code"] == "not_bookable"


def test_anonymous_booking_is_rate_limited(bhall):
    rules(bhall.hall, anonymous_bookings_per_minute=2)
    client = Client()
    with at("2026-09-29 10:00"):
        codes = [book(client, "2026-09-30", "09:00", n=n).status_code for n in range(1, 5)]
    assert codes == [201, 201, 429, 429]


# --- cancel and change --------------------------------------------------------------------------


def test_a_cancelled_place_is_free_again_at_once(db):
    BookingHall(capacity=1)
    client = Client()
    with at("2026-09-29 10:00"):
        code = book(client, "2026-09-30", "09:00", n=1).json()["code"]
        assert book(client, "2026-09-30", "09:00", n=2).json()["code"] == "slot_full"
        wrong = client.post(
            f"{API}/appointments/{code}/cancel",
            {"id_last4": "9999"},
            content_type="application/json",
        )
        assert wrong.status_code == 404
        cancelled = client.post(
            f"{API}/appointments/{code}/cancel",
            {"id_last4": resident_id(1)[-4:]},
            content_type="application/json",
        )
        twice = client.post(
            f"{API}/appointments/{code}/cancel",
            {"id_last4": resident_id(1)[-4:]},
            content_type="application/json",
        )
        assert book(client, "2026-09-30", "09:00", n=2).status_code == 201
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert twice.status_code == 409 and twice.json()["code"] == "appointment_closed"
    assert SlotTally.objects.get().taken == 1


def test_a_change_takes_the_new_place_before_freeing_the_old(db):
    hall = BookingHall(capacity=1)
    client = Client()
    with at("2026-09-29 10:00"):
        mine = book(client, "2026-09-30", "09:00", n=1).json()["code"]
        book(client, "2026-09-30", "10:00", n=2)
        tail = resident_id(1)[-4:]
        with pytest.raises(SlotFull):
            services.appointment_change(
                code=mine,
                id_last4=tail,
                day=datetime.date(2026, 9, 30),
                start=datetime.time(10, 0),
            )
        moved = services.appointment_change(
            code=mine, id_last4=tail, day=datetime.date(2026, 9, 30), start=datetime.time(11, 0)
        )
        day = {s["start"]: s["available"] for s in slots(client, "2026-09-30")["slots"]}
    assert (moved.start, moved.status) == (datetime.time(11, 0), AppointmentStatus.BOOKED)
    assert (day["09:00"], day["10:00"], day["11:00"]) == (1, 0, 0)
    assert hall.pool.pk == moved.pool_id


# --- check-in ----------------------------------------------------------------------------------


def _booked(start: str = "09:00", n: int = 1) -> str:
    with at("2026-09-29 10:00"):
        response = book(Client(), "2026-09-30", start, n=n)
    assert response.status_code == 201, response.content
    return response.json()["code"]


def test_check_in_too_early_says_from_when_and_changes_nothing(bhall):
    code = _booked()
    with at("2026-09-30 08:40"):
        response = check_in(Client(), code=code)
    assert response.status_code == 409 and response.json()["code"] == "too_early"
    assert "08:45" in response.json()["message"]
    assert Appointment.objects.get().status == "booked" and not Ticket.objects.exists()


def test_check_in_on_time_gives_a_ticket_with_the_appointment_priority_once(bhall):
    code = _booked()
    with at("2026-09-30 08:50"):
        first = check_in(Client(), code=code.lower())
        again = check_in(Client(), code=code)
    assert first.status_code == 201, first.content
    answer = first.json()
    assert answer["appointment"] == code and answer["number"] == "A001"
    assert answer["priority"] == "appointment" and answer["follow_url"].endswith(
        Ticket.objects.get().follow_token
    )
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.APPOINTMENT and ticket.appointment.code == code
    assert again.status_code == 409 and again.json()["code"] == "appointment_closed"
    assert Ticket.objects.count() == 1


def test_check_in_by_id_number(bhall):
    _booked()
    with at("2026-09-30 09:05"):
        response = check_in(Client(), id_number=resident_id(1))
        nobody = check_in(Client(), id_number=resident_id(9))
    assert response.status_code == 201 and response.json()["priority"] == "appointment"
    assert nobody.status_code == 404


def test_a_booking_for_another_day_is_not_checked_in(bhall):
    code = _booked()
    with at("2026-09-29 16:00"):
        response = check_in(Client(), code=code)
    assert response.status_code == 409 and response.json()["code"] == "not_today"


def test_late_gets_an_ordinary_ticket_and_the_booking_is_marked_late(bhall):
    code = _booked()
    with at("2026-09-30 09:11"):
        response = check_in(Client(), code=code)
    assert response.status_code == 201 and response.json()["priority"] is None
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.LATE and appointment.ticket is not None
    assert appointment.ticket.channel == Channel.KIOSK


def test_late_where_the_hall_gives_no_ticket(bhall):
    rules(bhall.hall, late_rule=LateRule.NO_TICKET)
    code = _booked()
    with at("2026-09-30 09:20"):
        response = check_in(Client(), code=code)
    assert response.status_code == 409 and response.json()["code"] == "too_late"
    assert "09:10" in response.json()["message"]
    assert Appointment.objects.get().status == AppointmentStatus.LATE
    assert not Ticket.objects.exists()


def test_a_booked_person_is_called_ahead_of_an_earlier_walk_in(bhall):
    code = _booked("09:00")
    with at("2026-09-30 08:40"):
        walk_in = queue.ticket_issue(
            hall=bhall.hall, category_code="household", channel=Channel.KIOSK
        )
    with at("2026-09-30 08:50"):
        check_in(Client(), code=code)
        called = queue.ticket_call_next(window=bhall.windows[1], actor=bhall.clerk)
    assert called is not None and called.channel == Channel.APPOINTMENT
    assert Ticket.objects.get(pk=walk_in.pk).status == TicketStatus.WAITING


# --- no-shows, suspension, reminders ---------------------------------------------------


def test_the_third_no_show_suspends_booking_until_the_office_lifts_it(bhall, admin_a):
    days = ["2026-09-30", "2026-10-09", "2026-10-12"]
    with at("2026-09-29 10:00"):
        for day in days:
            assert book(Client(), day, "09:00").status_code == 201
    with at("2026-09-30 09:40"):
        assert services.appointments_mark_no_shows(now=_now()) == 1
    with at("2026-10-12 12:00"):
        assert services.appointments_mark_no_shows(now=_now()) == 2
        refused = book(Client(), "2026-10-13", "09:00")
    assert refused.status_code == 403 and refused.json()["code"] == "booking_suspended"
    assert "2026-11-11" in refused.json()["message"]
    assert Appointment.objects.filter(status=AppointmentStatus.NO_SHOW).count() == 3
    suspension = selectors.suspensions(bhall.hall).get()
    with pytest.raises(ReasonRequired):
        services.suspension_lift(suspension=suspension, actor=admin_a, reason=" ")
    with at("2026-10-12 12:05"):
        services.suspension_lift(suspension=suspension, actor=admin_a, reason="来电说明住院")
        assert book(Client(), "2026-10-13", "09:00").status_code == 201
    lifted = AuditRecord.objects.get(action="appointment.lift_suspension")
    assert lifted.reason == "来电说明住院" and lifted.actor == admin_a


def test_a_checked_in_or_cancelled_booking_is_never_a_no_show(bhall):
    code = _booked("09:00", n=1)
    _booked("10:00", n=2)
    with at("2026-09-30 08:50"):
        check_in(Client(), code=code)
    Appointment.objects.filter(start="10:00").update(status=AppointmentStatus.CANCELLED)
    with at("2026-09-30 17:00"):
        assert services.appointments_mark_no_shows(now=_now()) == 0


def test_each_reminder_is_sent_once(bhall):
    _booked("09:00")
    OutboxMessage.objects.all().delete()
    with at("2026-09-29 15:59"):
        assert services.appointments_remind(now=_now()) == 0
    with at("2026-09-29 16:00"):
        assert services.appointments_remind(now=_now()) == 1
        assert services.appointments_remind(now=_now()) == 0
    with at("2026-09-30 08:05"):
        assert services.appointments_remind(now=_now()) == 1
        assert services.appointments_remind(now=_now()) == 0
    bodies = list(OutboxMessage.objects.order_by("pk").values_list("body", flat=True))
    assert len(bodies) == 2 and "09:00" in bodies[1]


def test_a_booking_made_after_the_reminder_time_is_not_reminded_of_it(bhall):
    with at("2026-09-29 16:30"):
        assert book(Client(), "2026-09-30", "09:00").status_code == 201
        assert services.appointments_remind(now=_now()) == 0
    assert OutboxMessage.objects.count() == 1  # the confirmation only


def _now() -> datetime.datetime:
    return timezone.now()


def test_a_booking_is_moved_through_the_api_and_a_full_slot_leaves_it_as_it_was(db):
    BookingHall(capacity=1)
    client = Client()
    with at("2026-09-29 10:00"):
        code = book(client, "2026-09-30", "09:00", n=1).json()["code"]
        book(client, "2026-09-30", "10:00", n=2)
        tail = resident_id(1)[-4:]

        def move(start: str) -> object:
            return client.post(
                f"{API}/appointments/{code}/change",
                {"id_last4": tail, "date": "2026-09-30", "start": start},
                content_type="application/json",
            )

        full = move("10:00")
        moved = move("11:30")
    assert full.status_code == 409 and full.json()["code"] == "slot_full"
    assert moved.status_code == 200 and moved.json()["start"] == "11:30"
    assert Appointment.objects.get(code=code).start == datetime.time(11, 30)


def test_personal_data_is_erased_after_the_halls_period_and_the_booking_stays(bhall):
    _booked("09:00")
    day = datetime.date(2026, 9, 30)
    assert services.appointments_erase_personal_data(hall=bhall.hall, today=day) == 0
    later = day + datetime.timedelta(days=31)
    assert services.appointments_erase_personal_data(hall=bhall.hall, today=later) == 1
    assert services.appointments_erase_personal_data(hall=bhall.hall, today=later) == 0
    kept = Appointment.objects.get()
    assert (kept.applicant_name, kept.applicant_id_tail, kept.applicant_id_digest) == (
        "张**",
        "",
        "",
    )
    assert not kept.applicant_id_number and not kept.mobile
    erased = AuditRecord.objects.get(action="appointment.personal_data_erased")
    assert erased.changes == {"appointments": [None, 1], "kept_days": [None, 30]}
