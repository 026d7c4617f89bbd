"""What each role may do in reports (granted from ReportsConfig.ready())."""

from hall.core.roles import Role

_SEE = ["reports.view_dashboard", "reports.view_alert"]
_OFFICE = [*_SEE, "reports.change_alert", "reports.add_alertrule", "reports.change_alertrule",
           "reports.delete_alertrule", "reports.view_alertrule"]  # fmt: skip

PERMISSIONS: dict[Role, list[str]] = {
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
    Role.LEADERSHIP: _SEE,
    Role.INSPECTOR: _SEE,
    Role.CHIEF_REPRESENTATIVE: _SEE,
    Role.DEPARTMENT_HEAD: _SEE,
}
