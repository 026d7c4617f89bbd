"""Who may book, look up and check in where: in one place for the phone pages, the kiosk, the
staff pages and the API."""

from __future__ import annotations

from django.http import HttpRequest

from hall.appointments import selectors
from hall.appointments.errors import TooManyBookings
from hall.core.access import access_hall, public_hall
from hall.core.models import Hall, User
from hall.core.ratelimit import allow, client_address

LOOKUPS_PER_MINUTE = 10  # a code and four characters of an ID number, tried by hand


def hall_to_book_in(request: HttpRequest, hall_code: str) -> Hall:
    """Anyone may book at an active hall; an anonymous client only so many times a minute."""
    if isinstance(request.user, User):
        return access_hall(request.user, hall_code)
    hall = public_hall(hall_code)
    limit = selectors.appointment_settings(hall).anonymous_bookings_per_minute
    if not allow(f"book:{hall.pk}:{client_address(request)}", limit=limit):
        raise TooManyBookings()
    return hall


def booking_staff(request: HttpRequest) -> User | None:
    """Staff who may book for a caller book in their own name (recorded as by staff), on
    the booking page and through the API alike; anyone else books for themselves."""
    user = request.user
    if isinstance(user, User) and user.has_perm("appointments.book_for_caller"):
        return user
    return None


def limit_lookups(request: HttpRequest) -> None:
    """Changing or cancelling needs a code and the ID number's last four: a client may try
    only so many a minute, so that neither can be guessed."""
    if request.user.is_authenticated:
        return
    if not allow(f"appointment-lookup:{client_address(request)}", limit=LOOKUPS_PER_MINUTE):
        raise TooManyBookings()
