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
