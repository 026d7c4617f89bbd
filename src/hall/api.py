"""The JSON API root: authentication, the one domain-error mapping, and every app's router.

OpenAPI document at /api/openapi.json, docs at /api/docs (served from ninja's own static files).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from hall import __version__
from hall.appointments.api import router as appointments_router
from hall.attendance.api import router as attendance_router
from hall.cases.api import router as cases_router
from hall.catalog.api import router as catalog_router
from hall.core.api import router as core_router
from hall.core.auth import BearerToken, StaffSession, anonymous_client
from hall.core.errors import DomainError
from hall.core.responses import CsrfFailed
from hall.evaluation.api import router as evaluation_router
from hall.queueing.api import router as queueing_router
from hall.rostering.api import router as rostering_router
from hall.supervision.api import router as supervision_router

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "stable, e.g. window_busy"},
        "message": {"type": "string", "description": "translated (Accept-Language)"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["code", "message"],
}
ERROR_ANSWERS = {
    400: "The request cannot be carried out (or holds characters that are not allowed).",
    401: "Not logged in, or the token is not valid.",
    403: "Not allowed for this user (or the CSRF token is missing).",
    404: "Not found, or of another hall.",
    409: "The record is not in a state that allows this.",
    422: "The input is not valid.",
    429: "Too many requests from this client.",
}


class HallAPI(NinjaAPI):
    """The OpenAPI document tells the whole truth: every operation's error answers in their
    one shape, and endpoints the public may call marked as needing no authentication."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        schemes = schema["components"].get("securitySchemes", {})
        schemes.pop(anonymous_client.scheme, None)
        for operations in schema["paths"].values():
            for operation in operations.values():
                security = operation.get("security")
                if security and {anonymous_client.scheme: []} in security:
                    operation["security"] = [
                        {} if entry == {anonymous_client.scheme: []} else entry
                        for entry in security
                    ]
                for status, description in ERROR_ANSWERS.items():
                    if status == 401 and not security:
                        continue
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    )
        return schema


api = HallAPI(
    title="Hall API",
    version="1",
    description=(
        "Service hall management: organisation, calendar, queue, appointments, cases, staff, "
        "ratings, supervision."
    ),
    auth=[BearerToken(), StaffSession()],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(
        request, {"code": "not_found", "message": _("Not found.")}, status=404
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    body = {"code": "not_authenticated", "message": _("Please log in or send a valid API token.")}
    return api.create_response(request, body, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """ninja's own refusals (a missing CSRF token above all) in the API's one shape."""
    if error.status_code == 403 and "CSRF" in error.message:
        return domain_error(request, CsrfFailed())
    body = {"code": f"http_{error.status_code}", "message": _("The request was refused.")}
    return api.create_response(request, body, status=error.status_code)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    body: dict[str, Any] = {
        "code": "invalid_input",
        "message": _("The input is not valid."),
        "errors": error.errors,
    }
    return api.create_response(request, body, status=422)


api.add_router("/v1/", core_router)
api.add_router("/v1/", queueing_router)
api.add_router("/v1/", catalog_router)
api.add_router("/v1/", cases_router)
api.add_router("/v1/", rostering_router)
api.add_router("/v1/", attendance_router)
api.add_router("/v1/", appointments_router)
api.add_router("/v1/", evaluation_router)
api.add_router("/v1/", supervision_router)

VERSION = __version__
