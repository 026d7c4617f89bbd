"""Chinese identifiers (X2): resident ID numbers, unified social credit codes, mobile numbers.

Each kind has a `normalize_*` (what people type → canonical form) and a `validate_*` that
raises a translated `InvalidInput` subclass and returns the canonical value.
"""

from __future__ import annotations

import datetime
import re
import secrets

from hall.core.errors import InvalidCreditCode, InvalidMobile, InvalidResidentId

# GB 11643-1999: 17 digits weighted by 2^(17-i) mod 11, then one check character.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARACTERS = "10X98765432"
# Province-level codes of GB/T 2260 (the first two digits), plus 81-83 for the residence
# permits of Hong Kong, Macao and Taiwan residents.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_RESIDENT_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")

# GB 32100-2015: 31 characters (no I, O, S, V, Z), weights 3^(i) mod 31, check = 31 - sum mod 31.
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

_MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-]")


def resident_id_check_character(first_seventeen: str) -> str:
    total = sum(
        int(digit) * weight
        for digit, weight in zip(first_seventeen, RESIDENT_ID_WEIGHTS, strict=True)
    )
    return RESIDENT_ID_CHECK_CHARACTERS[total % 11]


def normalize_resident_id(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


def validate_resident_id(value: str, *, today: datetime.date | None = None) -> str:
    """Return the canonical ID number, or raise `InvalidResidentId`."""
    number = normalize_resident_id(value)
    if not _RESIDENT_ID_PATTERN.match(number) or int(number[:2]) not in PROVINCE_CODES:
        raise InvalidResidentId()
    try:
        birth_date = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidResidentId() from None
    latest = today or datetime.date.today()  # noqa: DTZ011  # a birth date is a calendar date, not an instant
    if not datetime.date(1800, 1, 1) <= birth_date <= latest:
        raise InvalidResidentId()
    if resident_id_check_character(number[:17]) != number[17]:
        raise InvalidResidentId()
    return number


def credit_code_check_character(first_seventeen: str) -> str:
    total = sum(
        CREDIT_CODE_CHARACTERS.index(character) * weight
        for character, weight in zip(first_seventeen, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    return _SEPARATORS.sub("", value).upper()


def validate_credit_code(value: str) -> str:
    """Return the canonical credit code, or raise `InvalidCreditCode`."""
    code = normalize_credit_code(value)
    if not _CREDIT_CODE_PATTERN.match(code):
        raise InvalidCreditCode()
    if credit_code_check_character(code[:17]) != code[17]:
        raise InvalidCreditCode()
    return code


def normalize_mobile(value: str) -> str:
    number = _SEPARATORS.sub("", value)
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
    return number


def validate_mobile(value: str) -> str:
    """Return the canonical mobile number (11 digits), or raise `InvalidMobile`."""
    number = normalize_mobile(value)
    if not _MOBILE_PATTERN.match(number):
        raise InvalidMobile()
    return number


# Codes people read aloud and type (an appointment's, a device's pairing): no 0/O, no 1/I/L.
SPOKEN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def spoken_code(length: int) -> str:
    return "".join(secrets.choice(SPOKEN_CODE_ALPHABET) for _ in range(length))


def normalize_spoken_code(text: str, length: int) -> str:
    """A code as typed or scanned (spaces, dashes, lower case), or "" if it cannot be one."""
    code = "".join(text.split()).replace("-", "").upper()[: length + 1]
    if len(code) != length or any(c not in SPOKEN_CODE_ALPHABET for c in code):
        return ""
    return code
