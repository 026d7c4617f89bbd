"""Erlang C against values computed another way: by hand for one and two windows, and by the
textbook's sum of a^k / k! in exact fractions (not the recursion the code uses)."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from hall.core.errors import InvalidInput
from hall.planning.erlang import NeedsMoreWindows, erlang_c, windows_needed


def textbook(per_hour: int, minutes: int, windows: int, within: int) -> tuple[float, float, float]:
    load = Fraction(per_hour * minutes, 60)
    last = load**windows / math.factorial(windows) * windows / (windows - load)
    waits = last / (sum(load**k / math.factorial(k) for k in range(windows)) + last)
    mean_wait = waits * minutes / (windows - load)
    level = 1 - float(waits) * math.exp(-float(windows - load) * within / minutes)
    return float(waits), float(mean_wait), level


def test_one_window_by_hand():
    # λ = 6 an hour, 5 minutes each: ρ = 0.5 waits; Wq = ρ·S/(1−ρ) = 5; SL = 1 − ½e^(−1.5).
    answer = erlang_c(6, 5, 1, answer_within=15)
    assert answer.wait_probability == pytest.approx(0.5, abs=1e-9)
    assert answer.mean_wait_minutes == pytest.approx(5.0, abs=1e-9)
    assert round(answer.service_level, 6) == round(1 - 0.5 * math.exp(-1.5), 6) == 0.888435


def test_two_windows_by_hand():
    # a = 1 erlang on 2 windows: C = 1/3, Wq = C·S/(c − a) = S/3.
    answer = erlang_c(12, 5, 2)
    assert round(answer.wait_probability, 6) == 0.333333
    assert round(answer.mean_wait_minutes, 6) == round(5 / 3, 6)


@settings(max_examples=200, deadline=None)
@given(
    per_hour=st.integers(1, 600),
    minutes=st.integers(1, 40),
    spare=st.integers(1, 12),
    within=st.integers(0, 30),
)
def test_equal_to_the_textbook_sum_to_six_decimals(per_hour, minutes, spare, within):
    load = per_hour * minutes / 60
    windows = math.floor(load) + spare
    if windows > 120:
        return
    waits, mean_wait, level = textbook(per_hour, minutes, windows, within)
    answer = erlang_c(per_hour, minutes, windows, answer_within=within)
    assert round(answer.wait_probability, 6) == round(waits, 6)
    assert round(answer.mean_wait_minutes, 6) == round(mean_wait, 6)
    assert round(answer.service_level, 6) == round(level, 6)


def test_the_windows_needed_are_the_fewest_that_meet_the_level():
    answer = windows_needed(60, 8, target=0.8, answer_within=15)
    assert answer.service_level >= 0.8
    assert erlang_c(60, 8, answer.windows - 1).service_level < 0.8
    assert windows_needed(0, 8, target=0.8).windows == 0


def test_too_few_windows_and_bad_levels_are_refused_in_chinese():
    with pytest.raises(NeedsMoreWindows) as refused:
        windows_needed(300, 10, target=0.8, available=40)
    assert "需要 51 个窗口，大厅只有 40 个" in refused.value.message
    for level in (0, 1, 1.5, -0.1):
        with pytest.raises(InvalidInput):
            windows_needed(60, 8, target=level)
    assert erlang_c(60, 8, 8).mean_wait_minutes == math.inf  # as many windows as erlangs


def test_the_cli_prints_each_window_count(capsys):
    call_command(
        "plan",
        "erlang",
        "--arrivals-per-hour",
        "60",
        "--service-minutes",
        "8",
        "--windows",
        "9",
        "10",
        "--json",
    )
    rows = json.loads(capsys.readouterr().out)
    assert [row["windows"] for row in rows] == [9, 10]
    assert rows[0] == erlang_c(60, 8, 9).as_json()
    assert set(rows[0]) == {"windows", "wait_probability", "mean_wait_minutes", "service_level"}
    with pytest.raises(CommandError):
        call_command(
            "plan",
            "erlang",
            "--arrivals-per-hour",
            "-1",
            "--service-minutes",
            "8",
            "--windows",
            "9",
        )
