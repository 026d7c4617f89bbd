"""Every request is traced: an id on each log line it causes and on the response
(X-Request-ID: nginx's own when it sends one, else a new one), one access line, and its route,
status and time counted for `/metrics` (hall.core.metrics)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from hall.core.logs import REQUEST_ID, reset_request_id, set_request_id
from hall.core.metrics import REQUESTS

access = logging.getLogger("hall.access")


class RequestTraceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = set_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            # The route as written in the URLconf, never the path: ids and tokens would make
            # a series per ticket.
            match = request.resolver_match
            route = match.route if match is not None else "unmatched"
            REQUESTS.labels(route, request.method, str(response.status_code)).observe(elapsed)
            if access.isEnabledFor(logging.INFO):
                access.info(
                    "%s %s %s %.1f ms",
                    request.method,
                    request.get_full_path(),
                    response.status_code,
                    elapsed * 1000,
                )
            response["X-Request-ID"] = request_id
            return response
        finally:
            reset_request_id(token)
