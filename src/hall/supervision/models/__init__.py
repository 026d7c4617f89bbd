from hall.supervision.models.awards import (
    Award,
    AwardRound,
    DutyVote,
    PublicVote,
    VoteCode,
)
from hall.supervision.models.inspections import Finding, FindingPhoto, Inspection
from hall.supervision.models.performance import (
    Commendation,
    LockedMonth,
    ReviewRequest,
    ScoreAdjustment,
    ScoreRuleSetting,
)
from hall.supervision.models.settings import SupervisionSettings, default_points

__all__ = [
    "Award",
    "AwardRound",
    "Commendation",
    "DutyVote",
    "Finding",
    "FindingPhoto",
    "Inspection",
    "LockedMonth",
    "PublicVote",
    "ReviewRequest",
    "ScoreAdjustment",
    "ScoreRuleSetting",
    "SupervisionSettings",
    "VoteCode",
    "default_points",  # named by migration 0001
]
