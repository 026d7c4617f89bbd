"""Files a page hands over: a PDF printed from HTML (the CJK font embedded) and an Excel
workbook, each with the headers a browser needs."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from django.http import HttpResponse

if TYPE_CHECKING:
    from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_of(html: str) -> bytes:
    """The page as PDF; its styles are inline and nothing is fetched (no base address)."""
    from weasyprint import HTML  # imported on use: loading Pango costs start-up time

    return bytes(HTML(string=html).write_pdf())


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
