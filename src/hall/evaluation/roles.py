"""What each role may do with 好差评 (granted from EvaluationConfig.ready())."""

from hall.core.roles import Role

_HEAD = ["evaluation.view_rating", "evaluation.view_followup", "evaluation.change_followup"]
_OFFICE = [
    *_HEAD,
    "evaluation.view_evaluationsettings",
    "evaluation.change_evaluationsettings",
    "evaluation.view_appeal",
    "evaluation.decide_appeal",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.DEPARTMENT_HEAD: _HEAD,
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
    Role.LEADERSHIP: ["evaluation.view_rating", "evaluation.view_followup"],
}
