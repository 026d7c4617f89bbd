from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


class NotBookable(NotFound):
    code = "not_bookable"
    default_message = _("This service item cannot be booked at this hall.")


class DayClosed(InvalidInput):
    code = "day_closed"
    default_message = _(
        "The hall is closed on %(date)s (a holiday or weekend): choose another day."
    )


class DayOutsideHorizon(InvalidInput):
    code = "day_outside_horizon"
    default_message = _("Bookings are taken from today to %(last)s: choose a day in between.")


class NoSuchSlot(InvalidInput):
    code = "no_such_slot"
    default_message = _("There is no slot starting at %(start)s on that day.")


class SlotPassed(InvalidInput):
    code = "slot_passed"
    default_message = _("The slot at %(start)s has already begun: choose a later one.")


class SlotFull(Conflict):
    code = "slot_full"
    default_message = _("The slot at %(start)s is fully booked: choose another one.")


class AlreadyBooked(Conflict):
    code = "already_booked"
    default_message = _(
        "This person already has a booking for this service on that day (code %(code)s): "
        "change it instead of booking again."
    )


class BookingSuspended(PermissionDenied):
    code = "booking_suspended"
    default_message = _(
        "Booking is suspended until %(until)s after %(count)s missed appointments. Please take "
        "a number at the hall, or ask its office."
    )


class AppointmentNotFound(NotFound):
    code = "appointment_not_found"
    default_message = _("No booking with this code (or the ID number does not match).")


class AppointmentClosed(Conflict):
    code = "appointment_closed"
    default_message = _("This booking is %(status)s: it cannot be changed or used now.")


class TooEarly(Conflict):
    code = "too_early"
    default_message = _(
        "Too early: check-in for the %(start)s slot opens at %(opens)s. Please wait a little."
    )


class TooLate(Conflict):
    code = "too_late"
    default_message = _(
        "Check-in for the %(start)s slot closed at %(closed)s: the booking has lapsed. "
        "Please ask at reception."
    )


class NotToday(Conflict):
    code = "not_today"
    default_message = _("This booking is for %(date)s, not today.")


class TooManyBookings(DomainError):
    code = "too_many_bookings"
    status = 429
    default_message = _("Too many bookings from this device; please wait a minute.")


class NothingToLift(Conflict):
    code = "nothing_to_lift"
    default_message = _("This suspension was already lifted or has ended.")
