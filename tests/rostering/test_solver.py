"""The solver on hand-made months with known answers (S4), without the database."""

from __future__ import annotations

import datetime

from hall.rostering.solver import Person, Problem, Slot, solve

D = datetime.date
# A week with a make-up Saturday: Monday 2026-10-05 is a holiday; 10-08…10-10 work (Sat too).
NOVEMBER = [D(2026, 11, d) for d in range(2, 28) if D(2026, 11, d).weekday() < 5]


def slots(days, windows):
    return [Slot(day, period, w) for day in days for period in ("am", "pm") for w in windows]


def test_two_people_two_windows_every_half_day_each_once():
    days = NOVEMBER[:5]
    people = [Person(1, "甲", frozenset({1, 2})), Person(2, "乙", frozenset({1, 2}))]
    solution = solve(Problem(days, slots(days, [1, 2]), people))
    assert solution.complete
    at_windows = [p for p in solution.placements if p.window is not None]
    assert len(at_windows) == 20
    for day in days:
        for period in ("am", "pm"):
            here = {p.window: p.person for p in at_windows if (p.day, p.period) == (day, period)}
            assert set(here) == {1, 2} and set(here.values()) == {1, 2}  # one place at a time
    assert solution.stats["soft_violations"]["duty_spread"] == 0


def test_leave_is_respected_and_the_other_person_covers():
    days = NOVEMBER[:3]
    away = {(days[1], "am"): "sick", (days[1], "pm"): "sick"}
    people = [Person(1, "甲", frozenset({1}), away=away), Person(2, "乙", frozenset({1}))]
    solution = solve(Problem(days, slots(days, [1]), people))
    assert solution.complete
    on_day_two = {p.person for p in solution.placements if p.day == days[1]}
    assert on_day_two == {2}


def test_an_infeasible_half_day_is_named_with_who_is_missing_and_why():
    days = NOVEMBER[:5]
    people = [
        Person(1, "甲", frozenset({1, 2})),
        Person(2, "乙", frozenset({1, 2}), away={(days[3], "pm"): "personal"}),
    ]
    solution = solve(Problem(days, slots(days, [1, 2]), people))
    assert not solution.complete
    assert len(solution.gaps) == 1
    gap = solution.gaps[0]
    assert (gap.slot.day, gap.slot.period) == (days[3], "pm")
    assert dict(gap.why_not) == {"甲": f"at_window:{3 - gap.slot.window}", "乙": "leave:personal"}
    assert solution.stats["first_complete_seconds"] is None


def test_a_window_nobody_may_serve_is_a_gap_with_no_candidates():
    days = NOVEMBER[:1]
    solution = solve(Problem(days, slots(days, [9]), [Person(1, "甲", frozenset({1}))]))
    assert [(g.slot.window, g.why_not) for g in solution.gaps] == [(9, []), (9, [])]


def test_an_expired_qualification_keeps_its_holder_from_that_window():
    days = NOVEMBER[:2]
    expired = {(day, 1): "不动产登记员 expired" for day in days}
    people = [
        Person(1, "甲", frozenset({1, 2}), not_at=expired),
        Person(2, "乙", frozenset({1, 2})),
    ]
    solution = solve(Problem(days, slots(days, [1]), people))
    assert solution.complete
    assert {p.person for p in solution.placements if p.window == 1} == {2}


def test_six_days_in_a_row_at_most():
    # 2026-09-28 (Mon) … 10-03 (Sat, if it were a workday) and 10-04: a 7-day run of work.
    days = [D(2026, 9, 28) + datetime.timedelta(days=i) for i in range(7)]
    people = [Person(1, "甲", frozenset({1})), Person(2, "乙", frozenset({1}))]
    solution = solve(Problem(days, slots(days, [1]), people, max_consecutive_days=6))
    assert solution.complete
    for person in (1, 2):
        worked = {p.day for p in solution.placements if p.person == person}
        assert len(worked) <= 6


def test_the_b_post_covers_when_the_a_post_is_away():
    days = NOVEMBER[:2]
    away = {(days[0], "am"): "vacation", (days[0], "pm"): "vacation"}
    a, b, other = (
        Person(1, "A", frozenset({1}), away=away),
        Person(2, "B", frozenset({1})),
        Person(3, "丙", frozenset({1})),
    )
    solution = solve(Problem(days, slots(days, [1]), [a, b, other], ab_pairs={1: (1, 2)}))
    assert solution.complete
    first_day = [p for p in solution.placements if p.day == days[0] and p.window == 1]
    # A is away, so B must be on duty (here or at the backup post) while the window is open.
    on_duty = {p.person for p in solution.placements if p.day == days[0]}
    assert 2 in on_duty and first_day
    posts = {p.person: p.post for p in solution.placements if p.window == 1}
    assert posts.get(2, "B") == "B"


def test_both_a_and_b_away_is_reported():
    days = NOVEMBER[:1]
    away = {(days[0], "am"): "sick", (days[0], "pm"): "sick"}
    people = [
        Person(1, "A", frozenset({1}), away=away),
        Person(2, "B", frozenset({1}), away=dict(away)),
        Person(3, "丙", frozenset({1})),
    ]
    solution = solve(Problem(days, slots(days, [1]), people, ab_pairs={1: (1, 2)}))
    assert solution.complete  # 丙 staffs the window
    assert {g.reason for g in solution.ab_breaks} == {"ab"}
    assert len(solution.ab_breaks) == 2
    assert {p.person for p in solution.placements if p.window == 1} == {3}


def test_requested_days_off_are_granted_when_coverage_allows():
    days = NOVEMBER[:5]
    people = [
        Person(1, "甲", frozenset({1}), wishes_off={days[2]}),
        Person(2, "乙", frozenset({1})),
    ]
    solution = solve(Problem(days, slots(days, [1]), people))
    assert solution.complete
    assert not [p for p in solution.placements if p.person == 1 and p.day == days[2]]
    assert solution.stats["soft_violations"]["days_off_not_granted"] == 0


def test_the_existing_draft_is_kept_where_it_is_valid():
    days = NOVEMBER[:3]
    people = [Person(1, "甲", frozenset({1, 2})), Person(2, "乙", frozenset({1, 2}))]
    previous = {(day, period, 1): 2 for day in days for period in ("am", "pm")}
    solution = solve(Problem(days, slots(days, [1, 2]), people, previous=previous))
    assert {p.person for p in solution.placements if p.window == 1} == {2}
    assert solution.stats["soft_violations"]["changes"] == 0


def test_independent_departments_are_solved_as_separate_groups():
    days = NOVEMBER[:2]
    people = [Person(1, "甲", frozenset({1})), Person(2, "乙", frozenset({2}))]
    solution = solve(Problem(days, slots(days, [1, 2]), people))
    assert solution.stats["groups"] == 2 and solution.complete
