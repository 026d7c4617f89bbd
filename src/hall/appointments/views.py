"""Appointment pages: booking on a phone (or by staff for a caller), the booking's own page,
change and cancel, check-in at the kiosk, the staff's day list, suspensions, and the public
hall page (O2)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hall.appointments import access, selectors, services
from hall.appointments.choices import AppointmentStatus
from hall.appointments.errors import AppointmentNotFound
from hall.appointments.forms import ApplicantForm, CheckInForm, LiftForm, LookupForm, SlotForm
from hall.appointments.selectors import Bookable
from hall.catalog.selectors import current_versions
from hall.core.access import access_hall, public_hall, request_user
from hall.core.errors import DomainError, NotFound
from hall.core.honours import window_honours
from hall.core.inputs import check_date
from hall.core.models import Hall, User
from hall.core.offers import offers_for
from hall.core.qr import qr_svg
from hall.queueing import selectors as queue
from hall.queueing.access import hall_to_issue_in
from hall.queueing.choices import Channel
from hall.rostering.selectors import on_duty
from hall.staff.selectors import badge_of


def _chosen_item(hall: Hall, code: str | None) -> Bookable | None:
    return next((b for b in selectors.bookable_items(hall) if b.code == code), None)


def book(request: HttpRequest, hall: str) -> HttpResponse:
    """The booking page, a step at a time: the service item, then a day's slot, then who."""
    the_hall = public_hall(hall)
    item = _chosen_item(the_hall, request.GET.get("item"))
    context: dict[str, Any] = {
        "hall": the_hall,
        "item": item,
        "staff": access.booking_staff(request),
    }
    if item is None:
        context["items"] = selectors.bookable_items(the_hall)
        return render(request, "appointments/book.html", context)
    slot = SlotForm(request.GET).slot()
    if slot is None:
        context["days"] = selectors.bookable_days(the_hall, item.pool)
        return render(request, "appointments/book.html", context)
    context.update(day=slot[0], start=slot[1], form=ApplicantForm())
    return render(request, "appointments/book.html", context)


@require_POST
def book_confirm(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = access.hall_to_book_in(request, hall)
    item = selectors.bookable(the_hall, request.POST.get("item", ""))
    slot = SlotForm(request.POST).slot()
    if slot is None:
        return redirect(f"{reverse('book', args=[the_hall.code])}?item={item.code}")
    form = ApplicantForm(request.POST)
    if form.is_valid():
        try:
            appointment = services.appointment_book(
                hall=the_hall,
                item=item,
                day=slot[0],
                start=slot[1],
                applicant=services.Applicant.checked(**form.cleaned_data),
                actor=access.booking_staff(request),
                via="web",
            )
        except DomainError as error:  # said on the form, with what was typed kept
            form.add_error(None, error.message)
        else:
            return redirect("booking", code=appointment.code)
    context = {"hall": the_hall, "item": item, "day": slot[0], "start": slot[1], "form": form}
    return render(request, "appointments/book.html", context, status=422)


def booking(request: HttpRequest, code: str) -> HttpResponse:
    """A booking's own page (the confirmation): the code large and as a QR code for the
    kiosk's scanner, what and when, the name masked."""
    appointment = selectors.appointment_by_code(code)
    if appointment is None:
        raise AppointmentNotFound()
    return render(
        request,
        "appointments/booking.html",
        {
            "appointment": appointment,
            "hall": appointment.hall,
            "qr": qr_svg(appointment.code, scale=5),
            "rules": selectors.appointment_settings(appointment.hall),
        },
    )


def manage(request: HttpRequest) -> HttpResponse:
    """Change or cancel: the code and the ID number's last four, then the choices."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.limit_lookups(request)
        try:
            appointment = selectors.own_appointment(
                form.cleaned_data["code"], form.cleaned_data["id_last4"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            days = (
                selectors.bookable_days(appointment.hall, appointment.pool)
                if appointment.status == AppointmentStatus.BOOKED
                else []
            )
            context = {"appointment": appointment, "hall": appointment.hall, "days": days}
            context["id_last4"] = form.cleaned_data["id_last4"]
            return render(request, "appointments/manage.html", context)
    return render(
        request, "appointments/lookup.html", {"form": form}, status=422 if form.errors else 200
    )


@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    access.limit_lookups(request)
    cancelled = services.appointment_cancel(
        code=request.POST.get("code", ""),
        id_last4=request.POST.get("id_last4", ""),
        actor=access.booking_staff(request),
        via="web",
    )
    messages.success(request, _("The booking is cancelled; its place is free again."))
    return redirect("booking", code=cancelled.code)


@require_POST
def change(request: HttpRequest) -> HttpResponse:
    access.limit_lookups(request)
    slot = SlotForm.chosen(request.POST.get("slot", "")).slot()
    if slot is None:
        raise NotFound()
    changed = services.appointment_change(
        code=request.POST.get("code", ""),
        id_last4=request.POST.get("id_last4", ""),
        day=slot[0],
        start=slot[1],
        actor=access.booking_staff(request),
        via="web",
    )
    messages.success(request, _("The booking is moved."))
    return redirect("booking", code=changed.code)


def check_in(request: HttpRequest, hall: str) -> HttpResponse:
    """预约签到 at the kiosk: the code typed or scanned, or the ID number."""
    the_hall = public_hall(hall)
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        hall_to_issue_in(request, hall, Channel.KIOSK)  # anonymous kiosks: so many a minute
        typed = form.cleaned_data["code_or_id"]
        code = selectors.normalize_code(typed)
        try:
            checked = services.appointment_check_in(
                hall=the_hall,
                code=code,
                id_number="" if code else typed,
                actor=request.user if isinstance(request.user, User) else None,
                via="kiosk",
            )
            ticket = checked.appointment.ticket
            if ticket is None:
                raise services.late_without_ticket(checked)
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            if checked.late:
                messages.warning(request, _("Checked in late: an ordinary number was given."))
            slip = reverse("ticket-slip", args=[ticket.follow_token])
            return redirect(f"{slip}?print=1&back={the_hall.code}")
    return render(
        request, "appointments/check_in.html", {"hall": the_hall, "form": form}, status=status
    )


@login_required
def day_list(request: HttpRequest, hall: str) -> HttpResponse:
    """The staff's list: a day's bookings by slot and service item, with check-in state."""
    the_hall = access_hall(request.user, hall, permission="appointments.view_appointment")
    today = timezone.localdate()
    days = [today, today + datetime.timedelta(days=1)]
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    day = check_date(day)
    bookings = list(selectors.bookings_of_day(the_hall, day))
    return render(
        request,
        "appointments/day_list.html",
        {
            "hall": the_hall,
            "day": day,
            "days": days,
            "slots": selectors.by_slot(bookings),
            "totals": selectors.status_totals(bookings),
        },
    )


@login_required
def suspension_list(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = access_hall(request.user, hall, permission="appointments.view_bookingsuspension")
    return render(
        request,
        "appointments/suspensions.html",
        {"hall": the_hall, "suspensions": selectors.suspensions(the_hall), "form": LiftForm()},
    )


@login_required
@require_POST
def suspension_lift(request: HttpRequest, hall: str, suspension_id: int) -> HttpResponse:
    the_hall = access_hall(request.user, hall, permission="appointments.lift_suspension")
    suspension = selectors.suspensions(the_hall).filter(pk=suspension_id).first()
    if suspension is None:
        raise NotFound()
    form = LiftForm(request.POST)
    services.suspension_lift(
        suspension=suspension,
        actor=request_user(request),
        reason=form.data.get("reason", ""),
        via="web",
    )
    messages.success(request, _("The suspension is lifted."))
    return redirect("appointment-suspensions", hall=the_hall.code)


def hall_page(request: HttpRequest, hall: str) -> HttpResponse:
    """The public hall page (O2), phone first: today's hours or the next open day, live
    waiting with the estimated wait, who serves at which window (工作标牌), and the links."""
    the_hall = public_hall(hall)
    now = timezone.now()
    honours = window_honours(the_hall)
    windows = [window for window, _ticket in queue.windows_with_tickets(the_hall)]
    badges = [
        (
            window,
            badge_of(duty.staff) if (duty := on_duty(window, now)) else None,
            honours.get(window.pk, []),
        )
        for window in windows
    ]
    return render(
        request,
        "appointments/hall_page.html",
        {
            "hall": the_hall,
            "opening": selectors.opening_today(the_hall, now),
            "lines": queue.lines_now(the_hall),
            "badges": [b for b in badges if b[1] is not None],
            "honoured": [
                (window, honours[window.pk]) for window in windows if window.pk in honours
            ],
            "services": current_versions(the_hall).count(),
            "bookable": bool(selectors.bookable_items(the_hall)),
            "offers": [(offer, qr_svg(offer.url)) for offer in offers_for(the_hall)],
        },
    )
