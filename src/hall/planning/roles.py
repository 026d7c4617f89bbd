"""What each role may do in planning (granted from PlanningConfig.ready())."""

from hall.core.roles import Role

_PLAN = ["planning.plan_staffing", "planning.view_planningsettings"]

PERMISSIONS: dict[Role, list[str]] = {
    Role.HALL_ADMIN: [*_PLAN, "planning.change_planningsettings"],
    Role.SYSTEM_ADMIN: [*_PLAN, "planning.change_planningsettings"],
    Role.LEADERSHIP: ["planning.view_planningsettings"],
}
