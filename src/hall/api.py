"""The JSON API root: authentication, the one domain-error mapping, and every app's router.

OpenAPI document at /api/openapi.json, docs at /api/docs (served from ninja's own static files).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from hall import __version__
from hall.attendance.api import router as attendance_router
from hall.cases.api import router as cases_router
from hall.catalog.api import router as catalog_router
from hall.core.api import router as core_router
from hall.core.auth import BearerToken, StaffSession
from hall.core.errors import DomainError
from hall.queueing.api import router as queueing_router
from hall.rostering.api import router as rostering_router

api = NinjaAPI(
    title="Hall API",
    version="1",
    description="Service hall management: organisation, calendar, queue, cases, staff.",
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

VERSION = __version__
