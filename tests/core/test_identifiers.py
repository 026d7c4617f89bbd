"""Validation of resident ID numbers (GB 11643), credit codes (GB 32100) and mobile numbers."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hall.core.errors import InvalidCreditCode, InvalidMobile, InvalidResidentId
from hall.core.identifiers import (
    CREDIT_CODE_CHARACTERS,
    credit_code_check_character,
    resident_id_check_character,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),  # a lower-case x is the same number
        ("440524188001010014", "440524188001010014"),  # the example printed in GB 11643 itself
        ("110105 19491231 002X", "11010519491231002X"),
    ],
)
def test_valid_resident_ids(raw, canonical):
    assert validate_resident_id(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "110105194912310021",  # wrong check digit (should be X)
        "11010519491231002",  # 17 characters
        "1101051949123100211",  # 19 characters
        "110105194902300023",  # 30 February
        "990105194912310024",  # no province 99
        "11010520991231002X",  # born in the future
        "11010519491231002Y",
        "",
    ],
)
def test_invalid_resident_ids(raw):
    with pytest.raises(InvalidResidentId):
        validate_resident_id(raw, today=datetime.date(2026, 11, 27))


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y43", "91110000600037341L", "9144030071526726XG", "91330100716105852F"],
)
def test_valid_credit_codes(code):
    assert validate_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M00O100Y43",  # the letter O is not in the alphabet
        "9135010AM000100Y43",  # letters where the region code has digits
    ],
)
def test_invalid_credit_codes(code):
    with pytest.raises(InvalidCreditCode):
        validate_credit_code(code)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("19912345678", "19912345678"),
    ],
)
def test_valid_mobiles(raw, canonical):
    assert validate_mobile(raw) == canonical


@pytest.mark.parametrize(
    "raw", ["12800138000", "1380013800", "138001380001", "025-84123456", "abc"]
)
def test_invalid_mobiles(raw):
    with pytest.raises(InvalidMobile):
        validate_mobile(raw)


resident_id_bodies = st.builds(
    lambda province, rest, birth, sequence: f"{province}{rest:04d}{birth:%Y%m%d}{sequence:03d}",
    st.sampled_from([11, 32, 44, 65]),
    st.integers(0, 9999),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
    st.integers(0, 999),
)


@given(body=resident_id_bodies)
def test_any_number_with_its_check_character_is_valid(body):
    number = body + resident_id_check_character(body)
    assert validate_resident_id(number) == number


@given(body=resident_id_bodies, position=st.integers(14, 16), delta=st.integers(1, 9))
def test_changing_one_digit_is_always_caught(body, position, delta):
    number = body + resident_id_check_character(body)
    digit = (int(number[position]) + delta) % 10
    altered = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(InvalidResidentId):
        validate_resident_id(altered)


@given(
    body=st.text(alphabet="0123456789", min_size=8, max_size=8).flatmap(
        lambda digits: st.text(alphabet=CREDIT_CODE_CHARACTERS, min_size=9, max_size=9).map(
            lambda rest: "91" + digits[:6] + rest
        )
    )
)
def test_any_credit_code_with_its_check_character_is_valid(body):
    code = body + credit_code_check_character(body)
    assert validate_credit_code(code) == code
