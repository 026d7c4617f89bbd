"""Bounds and cleaning of everything a person or a client sends (ARCHITECTURE.md "Bounded
input"), in one place.

- Text: `InputCleaningMiddleware` cleans every query, form and JSON value before a view sees
  it: a NUL anywhere (path, query, body) refuses the request, and other control characters,
  bidi overrides and zero-width characters are removed (they reverse or hide text on printed
  notices, and PostgreSQL refuses NUL where SQLite would store it).
- Integers: the `Annotated` types below for API paths, queries and schemas, and the `id` and
  `number` path converters for pages, keep every number within its column.
- Dates: `check_date` keeps dates within the years the working-day calendar can know; the
  callers that need narrower bounds (a leave, a roster month) add their own through it.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query

from hall.core.errors import InvalidDate, InvalidInput, ReasonRequired
from hall.core.responses import error_response

# The years the calendar can know: the chinese-calendar package's confirmed years, and for
# later ones the statutory holidays computed from the lunar calendar (hall.core.calendar).
FIRST_YEAR = 2000
LAST_YEAR = 2099
EARLIEST = datetime.date(FIRST_YEAR, 1, 1)
LATEST = datetime.date(LAST_YEAR, 12, 31)

SMALL_INTEGER = 32767  # PositiveSmallIntegerField on PostgreSQL
BIG_INTEGER = 2**63 - 1  # BigAutoField ids

WindowNumber = Annotated[int, Path(ge=1, le=SMALL_INTEGER, description="window number")]
RecordId = Annotated[int, Path(ge=1, le=BIG_INTEGER)]
OptionalWindowNumber = Annotated[
    int | None, Query(ge=1, le=SMALL_INTEGER, description="window number")
]
OptionalRecordId = Annotated[int | None, Query(ge=1, le=BIG_INTEGER)]


class UnsafeCharacters(InvalidInput):
    code = "unsafe_characters"
    status = 400
    default_message = _("The request contains characters that are not allowed (NUL).")


class DateOutOfRange(InvalidDate):
    code = "date_out_of_range"
    default_message = _("Choose a date between %(earliest)s and %(latest)s.")


# --- text ---------------------------------------------------------------------------------

_KEPT_CONTROLS = frozenset("\t\n\r")


def clean_text(value: str) -> str:
    """`value` without control characters (but tab and line breaks) and without format
    characters: bidi overrides and isolates, zero-width spaces and joiners, BOMs."""
    if value.isprintable():
        return value  # the usual case, decided in C
    return "".join(
        ch for ch in value if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise UnsafeCharacters()
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    if isinstance(value, dict):
        return {_clean_json(key): _clean_json(item) for key, item in value.items()}
    return value


def _clean_query_dict(data: QueryDict) -> Any:  # an immutable QueryDict, as Django's
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            raise UnsafeCharacters()
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


def clean_request(request: HttpRequest) -> None:
    """Refuse NUL and clean every value of the request in place."""
    if "\x00" in request.path:
        raise UnsafeCharacters()
    request.GET = _clean_query_dict(request.GET)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    content_type = request.content_type or ""
    if content_type == "application/json":
        body = request.body
        try:
            data = json.loads(body) if body else None
        except ValueError:
            if b"\x00" in body:
                raise UnsafeCharacters() from None
            return  # not JSON: the endpoint's own parsing says so
        if data is not None:
            request._body = json.dumps(_clean_json(data), ensure_ascii=False).encode()
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        request.POST = _clean_query_dict(request.POST)
    elif b"\x00" in request.body:
        raise UnsafeCharacters()


class InputCleaningMiddleware:
    """Runs `clean_request` before any other code looks at the request's values."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            clean_request(request)
        except UnsafeCharacters as error:
            return error_response(request, error)
        response: HttpResponse = self.get_response(request)
        return response


# --- integers -----------------------------------------------------------------------------


def parse_id(text: str | None, *, most: int = BIG_INTEGER) -> int | None:
    """The positive whole number a form field holds, or None for anything else (too big for
    its column included), so that a page can answer "not found" rather than fail."""
    if text is None or not text.isdecimal() or len(text) > len(str(most)):
        return None
    value = int(text)
    return value if 1 <= value <= most else None


# --- dates --------------------------------------------------------------------------------


def check_date(
    day: datetime.date,
    *,
    earliest: datetime.date = EARLIEST,
    latest: datetime.date = LATEST,
) -> datetime.date:
    """`day` itself, if it lies within the bounds (and within the years the calendar knows)."""
    earliest, latest = max(earliest, EARLIEST), min(latest, LATEST)
    if not earliest <= day <= latest:
        raise DateOutOfRange(earliest=earliest.isoformat(), latest=latest.isoformat())
    return day


def parse_date(text: str | None) -> datetime.date:
    """A form's YYYY-MM-DD within the years the calendar knows, or `InvalidDate`."""
    try:
        return check_date(datetime.date.fromisoformat((text or "").strip()[:10]))
    except ValueError:
        raise InvalidDate() from None


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after `month`'s (before, if negative)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


# --- path converters for pages ------------------------------------------------------------


@deconstructible
class MaxFileSize:
    """Refuses an upload larger than `megabytes` (Django bounds form fields, not files)."""

    def __init__(self, megabytes: int) -> None:
        self.megabytes = megabytes

    def __call__(self, file: Any) -> None:
        if file.size > self.megabytes * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(megabytes)s MB.") % {"megabytes": self.megabytes}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaxFileSize) and other.megabytes == self.megabytes


class IdConverter:
    """`<id:…>`: a record id, at most 18 digits (always within a 64-bit column)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class NumberConverter(IdConverter):
    """`<number:…>`: a window's number and the like, within a small-integer column."""

    regex = "[0-9]{1,4}"


def check_image(upload: Any, validators: list[Any]) -> None:
    """A real image (not a renamed file) within the field's validators (kinds, size), or a
    translated InvalidInput."""
    from django import forms

    try:
        forms.ImageField().clean(upload)
        for validator in validators:
            validator(upload)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages)) from None


def required_text(text: str, *, length: int, missing: str | None = None) -> str:
    """Text a person will read (a note, a reason, a reply): cleaned, bounded and not empty;
    `missing` says what to write."""
    cleaned = clean_text(text).strip()[:length]
    if not cleaned:
        raise ReasonRequired(missing)
    return cleaned
