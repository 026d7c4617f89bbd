"""What happens to cases, for whoever listens (hall.core.events): the apps above (evaluation
invites a rating after a conclusion, performance counts overdue cases)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hall.core.events import Event


@dataclass(frozen=True, kw_only=True)
class CaseChanged(Event):
    hall_id: int
    case_id: int
    number: str
    department_id: int


@dataclass(frozen=True, kw_only=True)
class CaseReceived(CaseChanged):
    service_item_id: int


@dataclass(frozen=True, kw_only=True)
class CaseAccepted(CaseChanged):
    due_date: datetime.date | None
    deemed: bool  # accepted by law, five working days after the materials came (§32)


@dataclass(frozen=True, kw_only=True)
class CaseConcluded(CaseChanged):
    outcome: str
    handler_id: int | None
    late: bool  # concluded after its due date


@dataclass(frozen=True, kw_only=True)
class CaseOverdue(CaseChanged):
    due_date: datetime.date
    handler_id: int | None
