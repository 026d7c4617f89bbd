"""The public service guide (办事指南, O3): works on a phone and on the kiosk, no login."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hall.catalog import selectors
from hall.core.access import public_hall


def guide_list(request: HttpRequest, hall: str) -> HttpResponse:
    the_hall = public_hall(hall)
    versions = list(selectors.current_versions(the_hall))
    query = request.GET.get("q", "").strip()
    if query:
        versions = [v for v in versions if query in v.name or query in v.item.code]
    by_department = [
        (department, list(items))
        for department, items in groupby(versions, key=lambda v: v.department)
    ]
    return render(
        request,
        "catalog/guide_list.html",
        {"hall": the_hall, "by_department": by_department, "query": query, "count": len(versions)},
    )


def guide_detail(request: HttpRequest, hall: str, code: str) -> HttpResponse:
    the_hall = public_hall(hall)
    version = selectors.current_version(the_hall, code)
    return render(request, "catalog/guide_detail.html", {"hall": the_hall, "item": version})
