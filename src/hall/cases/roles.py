"""What each role may do with cases (granted from CasesConfig.ready())."""

from hall.core.roles import Role

_HANDLE_CASES = ["cases.handle_case", "cases.view_case"]
_ALL_CASE_RIGHTS = [
    *_HANDLE_CASES,
    "cases.approve_case",
    "cases.approve_extension",
    "cases.view_casesettings",
    "cases.change_casesettings",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.WINDOW_STAFF: _HANDLE_CASES,
    Role.CHIEF_REPRESENTATIVE: [*_HANDLE_CASES, "cases.approve_case"],
    Role.DEPARTMENT_HEAD: [*_HANDLE_CASES, "cases.approve_extension"],
    Role.INSPECTOR: ["cases.view_case"],
    Role.HALL_ADMIN: _ALL_CASE_RIGHTS,
    Role.LEADERSHIP: ["cases.view_case"],
    Role.SYSTEM_ADMIN: _ALL_CASE_RIGHTS,
}
