"""What happens in 好差评, for whoever listens (hall.core.events): the figures, performance
scores (V5), the upstream reporter."""

from __future__ import annotations

from dataclasses import dataclass

from hall.core.events import Event


@dataclass(frozen=True, kw_only=True)
class RatingGiven(Event):
    hall_id: int
    rating_id: int
    level: int
    staff_id: int | None
    window_id: int | None
    follow_up_id: int | None  # a 差评 opened this follow-up


@dataclass(frozen=True, kw_only=True)
class ComplaintAnswered(Event):
    """A department answered a complaint; `against_staff` when it was found substantiated,
    recorded against `staff_id` and `window_id` (their score, V5)."""

    hall_id: int
    complaint_id: int
    against_staff: bool
    staff_id: int | None
    window_id: int | None
    department_id: int | None
