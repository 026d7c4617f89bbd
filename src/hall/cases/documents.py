"""The case's documents (C4): one HTML template serves the printed page and the PDF.

The PDF is WeasyPrint's rendering of that same page, with the CJK font embedded (Debian's
fonts-noto-cjk, installed by `make`), so its text can be searched and read back. Nothing in a
document depends on the request: its QR code and links use the hall's public address
(hall.core.links), so a forged Host header cannot reach paper or the archive.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.template.loader import render_to_string

from hall.cases import clock
from hall.cases.choices import CaseStatus, DocumentKind
from hall.cases.errors import DocumentNotAvailable
from hall.cases.models import ArchivedDocument, Case, CorrectionRequest
from hall.core import calendar, downloads
from hall.core.links import public_link
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


def render_html(case: Case, kind: DocumentKind, *, for_pdf: bool = False) -> str:
    if kind not in available(case):
        raise DocumentNotAvailable(document=kind.label, number=case.number)
    progress_url = public_link(case.hall, "case-progress", query=f"number={case.number}")
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
        "window": window_received_at(case),
    }
    return render_to_string("cases/document.html", context)


def window_received_at(case: Case) -> int | None:
    """The window the case was handed in at: that of the first number it was served under."""
    visit = case.visits.select_related("ticket__window").order_by("linked_at", "id").first()
    window = visit.ticket.window if visit is not None else None
    return window.number if window is not None else None


def render_pdf(case: Case, kind: DocumentKind) -> bytes:
    return downloads.pdf_of(render_html(case, kind, for_pdf=True))


@dataclass(frozen=True)
class Copy:
    kind: DocumentKind
    content: bytes


def archive_copies(case: Case) -> list[Copy]:
    """A PDF of each document the case has reached, to keep with it in the archive."""
    return [Copy(kind, render_pdf(case, kind)) for kind in available(case)]


def keep(case: Case, copies: list[Copy]) -> None:
    """Store the copies with the case (in the caller's transaction)."""
    for copy in copies:
        ArchivedDocument.objects.create(
            case=case,
            kind=copy.kind,
            file=ContentFile(copy.content, name=filename(case, copy.kind)),
            sha256=hashlib.sha256(copy.content).hexdigest(),
        )


def filename(case: Case, kind: DocumentKind) -> str:
    return f"{case.number}-{kind.value}.pdf"


def pdf_response(case: Case, kind: DocumentKind) -> HttpResponse:
    return downloads.pdf_response(render_pdf(case, kind), filename(case, kind))
