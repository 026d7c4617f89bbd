"""What each role may do at reception and with questions (granted from ReceptionConfig)."""

from hall.core.roles import Role

_ANSWER = ["reception.add_question", "reception.view_question"]
_REGISTER = ["reception.add_visit", "reception.view_visit"]
_OFFICE = [*_ANSWER, *_REGISTER, "reception.publish_faq", "reception.change_receptionsettings"]

PERMISSIONS: dict[Role, list[str]] = {
    Role.RECEPTION: [*_ANSWER, *_REGISTER],
    Role.WINDOW_STAFF: _ANSWER,
    Role.CHIEF_REPRESENTATIVE: _ANSWER,
    Role.DEPARTMENT_HEAD: _ANSWER,
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
    Role.LEADERSHIP: ["reception.view_question", "reception.view_visit"],
    Role.INSPECTOR: ["reception.view_question"],
}
