"""Every error answer in one shape: JSON `{"code", "message"}` under /api/, a translated page
(or an htmx message) elsewhere. Used by the domain-error middleware, the input cleaning and
Django's own error views (400, 403, 404, 500, CSRF), so that no answer falls back to Django's
English pages or ninja's `{"detail": …}`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from hall.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"
    default_message = _("The page has expired or came from elsewhere. Reload it and try again.")


class ServerError(DomainError):
    code = "server_error"
    status = 500
    default_message = _("Something went wrong on the server; it has been logged. Try again.")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    if is_api(request):
        return JsonResponse(error.as_dict(), status=error.status)
    if request.headers.get("HX-Request") == "true":
        response = render(request, "core/error.html#message", {"error": error}, status=error.status)
        # htmx ignores 4xx bodies unless told where to put them.
        response["HX-Retarget"] = "#messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "core/error.html", {"error": error}, status=error.status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, InvalidInput(_("The request is not valid.")))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, PermissionDenied())


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, NotFound())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(request, CsrfFailed())


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed (the database, say) must not
    fail again here."""
    error = ServerError()
    if is_api(request):
        return JsonResponse(error.as_dict(), status=500)
    return HttpResponse(render_to_string("core/server_error.html", {"error": error}), status=500)
