"""How API callers prove who they are: a bearer token or the browser session, or nobody."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from hall.core.models import User
from hall.core.services import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` from `hall token create`, for devices and integrations."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class StaffSession(SessionAuth):
    """The logged-in browser session; ninja checks the CSRF token on unsafe methods.

    Without a session cookie there is nothing to check: the request is simply not
    authenticated this way (so anonymous kiosk calls are not refused as CSRF failures).
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


class AnonymousClient:
    """Last in an `auth=[…]` list: lets the public in (the kiosk, a phone), as anonymous.

    The OpenAPI document shows it as "no authentication needed" (`{}` in the operation's
    security, done in hall.api), so that clients know the endpoint is public."""

    scheme = "AnonymousClient"  # the name ninja gives it in the document
    openapi_security_schema: ClassVar[dict[str, str]] = {"type": "http", "scheme": "none"}

    def __call__(self, request: HttpRequest) -> AnonymousUser:
        return AnonymousUser()


anonymous_client = AnonymousClient()


# For endpoints the public may call (kiosk, phone): staff and devices are still recognised.
OPTIONAL_AUTH = [BearerToken(), StaffSession(), anonymous_client]
