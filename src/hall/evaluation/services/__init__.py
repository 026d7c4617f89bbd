"""Every write of 好差评 (V2–V4), each in one short transaction with its audit: ratings and
the loop a bad one opens, appeals (ratings); complaints and suggestions (complaints);
questionnaires (surveys). Callers use them from here."""

from hall.evaluation.services.complaints import (
    ComplaintIn,
    complaint_assign,
    complaint_close,
    complaint_open_identity,
    complaint_rate_handling,
    complaint_record,
    complaint_reply,
    complaints_escalate,
)
from hall.evaluation.services.ratings import (
    Served,
    appeal_decide,
    appeal_file,
    appeal_last_day,
    follow_up_call_back,
    follow_up_contact,
    follow_up_rectified,
    follow_up_second_rating,
    follow_ups_warn,
    ranking_publish,
    rating_give,
    rating_invite,
    rating_reminders,
)
from hall.evaluation.services.surveys import (
    survey_add_question,
    survey_answer,
    survey_create,
    survey_set_status,
)

__all__ = [
    "ComplaintIn",
    "Served",
    "appeal_decide",
    "appeal_file",
    "appeal_last_day",
    "complaint_assign",
    "complaint_close",
    "complaint_open_identity",
    "complaint_rate_handling",
    "complaint_record",
    "complaint_reply",
    "complaints_escalate",
    "follow_up_call_back",
    "follow_up_contact",
    "follow_up_rectified",
    "follow_up_second_rating",
    "follow_ups_warn",
    "ranking_publish",
    "rating_give",
    "rating_invite",
    "rating_reminders",
    "survey_add_question",
    "survey_answer",
    "survey_create",
    "survey_set_status",
]
