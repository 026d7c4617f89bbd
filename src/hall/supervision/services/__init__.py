"""Every write of supervision: inspections (V1), the monthly scores and the awards (V5)."""

from hall.supervision.services.awards import (
    duty_vote,
    public_vote,
    round_confirm,
    round_open,
    vote_code_send,
)
from hall.supervision.services.inspections import (
    MOST_PHOTOS,
    finding_checked,
    finding_record,
    finding_rectified,
    inspection_finish,
    inspection_start,
    weeks_warn,
)
from hall.supervision.services.performance import (
    SETTINGS_NUMBERS,
    commendation_record,
    month_lock,
    review_decide,
    review_request,
    rules_save,
    score_adjust,
)

__all__ = [
    "MOST_PHOTOS",
    "SETTINGS_NUMBERS",
    "commendation_record",
    "duty_vote",
    "finding_checked",
    "finding_record",
    "finding_rectified",
    "inspection_finish",
    "inspection_start",
    "month_lock",
    "public_vote",
    "review_decide",
    "review_request",
    "round_confirm",
    "round_open",
    "rules_save",
    "score_adjust",
    "vote_code_send",
    "weeks_warn",
]
