"""The case's documents (C4): one HTML template serves the printed page and the PDF.

The PDF is WeasyPrint's rendering of that same page, with the CJK font embedded (Debian's
fonts-noto-cjk, installed by `make`), so its text can be searched and read back.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from hall.cases import clock, services
from hall.cases.choices import CaseStatus, DocumentKind
from hall.cases.errors import DocumentNotAvailable
from hall.cases.models import ArchivedDocument, Case, CorrectionRequest
from hall.core import calendar
from hall.core.models import User
from hall.core.qr import qr_svg


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    is_decision: bool  # before acceptance: the date a decision is due, not the case's
    provisional: bool  # it falls in a year whose holidays nobody has confirmed yet


def deadline(case: Case) -> Deadline:
    if case.due_date is not None:
        date, is_decision = case.due_date, False
    else:
        date, is_decision = clock.notice_deadline(case.materials_arrived_on), True
    return Deadline(date, is_decision, provisional=bool(calendar.unconfirmed_years([date.year])))


def available(case: Case) -> list[DocumentKind]:
    """The documents this case has reached."""
    kinds = []
    if case.accepted_on is not None:
        kinds.append(DocumentKind.RECEIPT)
    if case.corrections.exists():
        kinds.append(DocumentKind.CORRECTION_NOTICE)
    if case.refusal_reason:
        kinds.append(DocumentKind.REFUSAL_NOTICE)
    if case.concluded_on is not None:
        kinds.append(DocumentKind.CONCLUSION_NOTICE)
    return kinds


def render_html(
    request: HttpRequest, case: Case, kind: DocumentKind, *, for_pdf: bool = False
) -> str:
    if kind not in available(case):
        raise DocumentNotAvailable(document=kind.label, number=case.number)
    progress_url = request.build_absolute_uri(reverse("case-progress")) + f"?number={case.number}"
    correction: CorrectionRequest | None = case.corrections.order_by("-requested_at").first()
    context = {
        "case": case,
        "kind": kind,
        "kinds": DocumentKind,
        "title": kind.label,
        "deadline": deadline(case),
        "correction": correction,
        "missing": list(correction.missing.order_by("position")) if correction else [],
        "received": list(case.materials_received.order_by("position")),
        "qr": qr_svg(progress_url, scale=2),
        "progress_url": progress_url,
        "for_pdf": for_pdf,
        "concluded_late": case.concluded_on is not None
        and case.due_date is not None
        and case.concluded_on > case.due_date,
        "CaseStatus": CaseStatus,
    }
    return render_to_string("cases/document.html", context, request=request)


def render_pdf(request: HttpRequest, case: Case, kind: DocumentKind) -> bytes:
    from weasyprint import HTML  # imported on use: loading Pango costs start-up time

    html = render_html(request, case, kind, for_pdf=True)
    return bytes(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf())


@transaction.atomic
def case_archive_with_copies(
    request: HttpRequest, *, case: Case, actor: User | None, via: str
) -> Case:
    """Archive the case and keep each of its documents as a PDF file, in one transaction:
    an archived case always has its copies (a file written before a rollback is only an
    orphan, never a missing copy)."""
    case = services.case_archive(case=case, actor=actor, via=via)
    for kind in available(case):
        content = render_pdf(request, case, kind)
        ArchivedDocument.objects.create(
            case=case,
            kind=kind,
            file=ContentFile(content, name=filename(case, kind)),
            sha256=hashlib.sha256(content).hexdigest(),
        )
    return case


def filename(case: Case, kind: DocumentKind) -> str:
    return f"{case.number}-{kind.value}.pdf"


def pdf_response(request: HttpRequest, case: Case, kind: DocumentKind) -> HttpResponse:
    response = HttpResponse(render_pdf(request, case, kind), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(case, kind)}"'
    return response
