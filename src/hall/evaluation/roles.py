"""What each role may do with 好差评 (granted from EvaluationConfig.ready())."""

from hall.core.roles import Role

# A head follows up the bad ratings and answers the complaints of their departments.
_HEAD = [
    "evaluation.view_rating",
    "evaluation.view_followup",
    "evaluation.change_followup",
    "evaluation.view_complaint",
    "evaluation.change_complaint",
]
_OFFICE = [
    *_HEAD,
    "evaluation.view_evaluationsettings",
    "evaluation.change_evaluationsettings",
    "evaluation.view_appeal",
    "evaluation.decide_appeal",
    "evaluation.add_complaint",
    "evaluation.handle_complaint",
    "evaluation.open_complainant_identity",
    "evaluation.view_survey",
    "evaluation.add_survey",
    "evaluation.change_survey",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.DEPARTMENT_HEAD: _HEAD,
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
    Role.LEADERSHIP: ["evaluation.view_rating", "evaluation.view_followup"],
}
