"""Addresses printed on paper or put in QR codes (receipts, notices, ticket slips, SMS).

They come from the hall's configured public address, never from the request: a request's
Host header is whatever the client sent, and a forged one must not end up on a notice the
applicant takes home, or in the archive.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from hall.core.models import Hall


def public_base(hall: Hall) -> str:
    """The address people reach this hall's pages at, without a trailing slash."""
    return (hall.public_url or settings.HALL_PUBLIC_URL).rstrip("/")


def public_link(hall: Hall, view: str, *args: object, query: str = "") -> str:
    """The full public address of a named page, e.g. a ticket's phone page."""
    path = reverse(view, args=args)
    return f"{public_base(hall)}{path}{'?' + query if query else ''}"
