"""What each role may do with attendance and leave (granted from AttendanceConfig.ready())."""

from hall.core.roles import Role

_DEPARTMENT_LEVEL = [
    "attendance.view_leaverequest",
    "attendance.approve_leave",
    "attendance.view_punch",
]
_OFFICE = [
    *_DEPARTMENT_LEVEL,
    "attendance.approve_any_leave",
    "attendance.change_attendancesettings",
    "attendance.view_attendancesettings",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.CHIEF_REPRESENTATIVE: ["attendance.approve_leave", "attendance.view_leaverequest"],
    Role.DEPARTMENT_HEAD: _DEPARTMENT_LEVEL,
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
}
