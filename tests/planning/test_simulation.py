"""The simulation against the theory: an M/M/c day lands within its confidence interval of
Erlang C in at least 19 of 20 seeded runs; priorities and no-shows move it the expected way."""

from __future__ import annotations

import time

from hall.planning.erlang import erlang_c
from hall.planning.simulation import Scenario, simulate

# 45 an hour, 8 minutes each, 8 windows: 75 % busy. Eight hours after two of warm-up (the
# line forgets an empty start in about an hour here: 8 / (√8 − √6)² minutes).
STEADY = Scenario(
    windows=8,
    service_minutes=8,
    walk_ins_per_hour=[45] * 20,
    answer_within=5,
    warm_up_minutes=120,
)


def test_an_mmc_day_agrees_with_erlang_c_in_19_of_20_seeded_runs():
    theory = erlang_c(45, 8, 8, answer_within=5).service_level
    started = time.perf_counter()
    outcomes = [simulate(STEADY, replications=20, seed=seed) for seed in range(20)]
    agreeing = sum(outcome.contains(theory) for outcome in outcomes)
    assert agreeing >= 19, [(round(o.service_level, 3), round(o.half_width, 3)) for o in outcomes]
    assert all(o.half_width < 0.1 for o in outcomes)  # an interval that says something
    assert time.perf_counter() - started < 120  # a guard against a runaway loop, not a timing


def test_priority_is_called_sooner_and_walk_ins_later():
    busy = Scenario(windows=4, service_minutes=10, walk_ins_per_hour=[22] * 16, answer_within=10)
    plain = simulate(busy, replications=20, seed=1)
    mixed = simulate(Scenario(**{**busy.__dict__, "priority_share": 0.2}), replications=20, seed=1)
    assert mixed.by_kind["priority"] > mixed.by_kind["walk_in"]
    assert mixed.by_kind["walk_in"] < plain.by_kind["walk_in"]


def test_no_shows_lighten_the_load_and_appointments_go_first():
    busy = Scenario(windows=4, service_minutes=10, walk_ins_per_hour=[22] * 16, answer_within=10)
    none = simulate(busy, replications=20, seed=2)
    some = simulate(Scenario(**{**busy.__dict__, "no_show_share": 0.2}), replications=20, seed=2)
    assert some.service_level > none.service_level
    booked = Scenario(**{**busy.__dict__, "appointments": [30.0 * n for n in range(1, 16)]})
    with_bookings = simulate(booked, replications=20, seed=2)
    assert with_bookings.by_kind["appointment"] > with_bookings.by_kind["walk_in"]
    assert with_bookings.by_kind["walk_in"] < none.by_kind["walk_in"]
