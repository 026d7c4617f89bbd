"""Appointment endpoints (A1–A2): the same services the phone pages and the kiosk use."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from hall.appointments import access, selectors, services
from hall.appointments.models import Appointment
from hall.core.access import public_hall
from hall.core.auth import OPTIONAL_AUTH
from hall.core.models import User
from hall.queueing.access import hall_to_issue_in
from hall.queueing.choices import Channel
from hall.queueing.schemas import TicketOut, ticket_out

router = Router(tags=["appointments"])


class SlotOut(Schema):
    start: str = Field(..., examples=["09:00"])
    end: str
    capacity: int
    available: int


class DaySlotsOut(Schema):
    date: datetime.date
    closed: bool
    slots: list[SlotOut]


class ApplicantIn(Schema):
    name: str = Field(..., max_length=100)
    id_number: str = Field(..., max_length=20)
    mobile: str = Field(..., max_length=20)


class AppointmentIn(Schema):
    service_item: str = Field(..., max_length=40)
    date: datetime.date
    start: datetime.time = Field(..., examples=["09:00"])
    applicant: ApplicantIn


class AppointmentOut(Schema):
    code: str
    service_item: str
    date: datetime.date
    start: str
    end: str
    status: str


class CancelIn(Schema):
    id_last4: str = Field(..., min_length=4, max_length=4)


class ChangeIn(Schema):
    id_last4: str = Field(..., min_length=4, max_length=4)
    date: datetime.date
    start: datetime.time = Field(..., examples=["10:30"])


class CheckInIn(Schema):
    code: str = Field("", max_length=20, description="the booking code, typed or scanned")
    id_number: str = Field("", max_length=20, description="or the ID number it was booked with")


class CheckInOut(TicketOut):
    appointment: str


def appointment_out(appointment: Appointment) -> AppointmentOut:
    return AppointmentOut(
        code=appointment.code,
        service_item=appointment.service_item.code,
        date=appointment.date,
        start=f"{appointment.start:%H:%M}",
        end=f"{appointment.end:%H:%M}",
        status=appointment.status,
    )


@router.get("halls/{hall}/appointment-slots", response=DaySlotsOut, auth=None)
def appointment_slots(
    request: HttpRequest, hall: str, service_item: str, date: datetime.date
) -> DaySlotsOut:
    """A day's slots of a bookable service item with the places left; a day the hall is
    closed answers `"closed": true` and no slots."""
    the_hall = public_hall(hall)
    item = selectors.bookable(the_hall, service_item)
    day = selectors.day_slots(the_hall, item.pool, date)
    return DaySlotsOut(
        date=day.date,
        closed=day.closed,
        slots=[
            SlotOut(
                start=f"{s.start:%H:%M}",
                end=f"{s.end:%H:%M}",
                capacity=s.capacity,
                available=0 if s.begun else s.available,
            )
            for s in day.slots
        ],
    )


@router.post("halls/{hall}/appointments", response={201: AppointmentOut}, auth=OPTIONAL_AUTH)
def appointment_book(request: HttpRequest, hall: str, payload: AppointmentIn) -> Status:
    """Book a place. Anonymous clients are rate-limited; staff with the right book for a
    caller. A full slot is 409 `slot_full`, a closed day 422 `day_closed`, a day beyond the
    horizon 422 `day_outside_horizon`, a suspended person 403 `booking_suspended`."""
    the_hall = access.hall_to_book_in(request, hall)
    appointment = services.appointment_book(
        hall=the_hall,
        item=selectors.bookable(the_hall, payload.service_item),
        day=payload.date,
        start=payload.start,
        applicant=services.Applicant.checked(
            name=payload.applicant.name,
            id_number=payload.applicant.id_number,
            mobile=payload.applicant.mobile,
        ),
        actor=access.booking_staff(request),
        via="api",
    )
    return Status(201, appointment_out(appointment))


@router.post("appointments/{code}/cancel", response=AppointmentOut, auth=OPTIONAL_AUTH)
def appointment_cancel(request: HttpRequest, code: str, payload: CancelIn) -> AppointmentOut:
    """Cancel with the code and the last four characters of the ID number."""
    access.limit_lookups(request)
    cancelled = services.appointment_cancel(
        code=code,
        id_last4=payload.id_last4,
        actor=user if isinstance(user := request.user, User) else None,
        via="api",
    )
    return appointment_out(cancelled)


@router.post("appointments/{code}/change", response=AppointmentOut, auth=OPTIONAL_AUTH)
def appointment_change(request: HttpRequest, code: str, payload: ChangeIn) -> AppointmentOut:
    """Move a booking to another slot of the same service (the code and the ID number's last
    four); a full slot is 409 `slot_full` and the booking stays as it was."""
    access.limit_lookups(request)
    changed = services.appointment_change(
        code=code,
        id_last4=payload.id_last4,
        day=payload.date,
        start=payload.start,
        actor=user if isinstance(user := request.user, User) else None,
        via="api",
    )
    return appointment_out(changed)


@router.post("halls/{hall}/appointments/check-in", response={201: CheckInOut}, auth=OPTIONAL_AUTH)
def appointment_check_in(request: HttpRequest, hall: str, payload: CheckInIn) -> Status:
    """At the kiosk: the booking becomes a ticket with the appointment priority. Too early is
    409 `too_early`; too late, an ordinary ticket, or 409 `too_late` where the hall gives none."""
    the_hall = hall_to_issue_in(request, hall, Channel.KIOSK)
    checked = services.appointment_check_in(
        hall=the_hall,
        code=payload.code,
        id_number=payload.id_number,
        actor=user if isinstance(user := request.user, User) else None,
        via="api",
    )
    ticket = checked.appointment.ticket
    if ticket is None:
        raise services.late_without_ticket(checked)
    answer = ticket_out(request, ticket)
    return Status(201, CheckInOut(**answer.dict(), appointment=checked.appointment.code))
