"""The page side of the domain-error mapping (the API side is in `hall.api`)."""

from __future__ import annotations

from django.conf import settings
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
