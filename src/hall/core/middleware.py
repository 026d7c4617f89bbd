"""The page side of the domain-error mapping (the API side is in `hall.api`), the language
of pages, staff sessions that end when left idle, and the security headers."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin

from hall.core.errors import DomainError
from hall.core.responses import error_response, is_api


class DomainErrorMiddleware(MiddlewareMixin):
    """Turns a `DomainError` escaping a view into a translated message, with its status.

    For an HTMX request the message fragment replaces the page's message area; a full page
    request gets the error page. Either way the transaction has already rolled back.
    (MiddlewareMixin makes it async-capable, so it adds no thread hop under ASGI.)
    """

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or is_api(request):
            return None  # the API maps its errors itself (hall.api)
        return error_response(request, exception)


class LanguageMiddleware(MiddlewareMixin):
    """Chinese unless the person chose otherwise (X4).

    Pages follow the language chosen in the page header (a cookie), never the browser's
    Accept-Language: a kiosk or a board set up with an English browser must still speak
    Chinese to the public. API clients may ask for a language with Accept-Language.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported:
            chosen = None
        if chosen is None and request.path.startswith("/api/"):
            chosen = translation.get_language_from_request(request)
        language = chosen or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class IdleSessionMiddleware:
    """Logs a member of staff out after HALL_SESSION_IDLE_MINUTES without a request. When
    they were last seen is a signed cookie of its own, renewed at most every five minutes:
    reading a page writes nothing to the database. Without the cookie (just logged in) the
    clock starts again; the session's own age (12 hours) still bounds it."""

    TOUCH_EVERY = 300  # seconds
    COOKIE = "hall_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        session = request.session.session_key or ""
        seen = self._seen(request, session)
        if seen is not None and now - seen > settings.HALL_SESSION_IDLE_MINUTES * 60:
            logout(request)
            return self.get_response(request)
        response = self.get_response(request)
        if seen is None or now - seen >= self.TOUCH_EVERY:
            response.set_signed_cookie(
                self.COOKIE,
                f"{now}:{session[-8:]}",
                salt=self.COOKIE,
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def _seen(self, request: HttpRequest, session: str) -> int | None:
        value = request.get_signed_cookie(self.COOKIE, default="", salt=self.COOKIE) or ""
        moment, _sep, of_session = value.partition(":")
        if not moment.isdecimal() or of_session != session[-8:]:
            return None  # none yet, or another session's
        return int(moment)


# Only the hall's own server: no inline script, no other origin (halls run on intranets, and
# an injected script has nowhere to load from or send to). Styles may be inline: htmx adds
# its indicator style, and the error page has its own.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """The Content-Security-Policy on every answer (Django 5.2 has no setting for it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
