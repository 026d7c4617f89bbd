"""Who reports, repairs and keeps the register of equipment (granted from FacilitiesConfig)."""

from hall.core.roles import Role

_REPORT = ["facilities.add_faultreport", "facilities.view_equipment", "facilities.add_incident"]
_OFFICE = [
    *_REPORT,
    "facilities.add_equipment",
    "facilities.change_equipment",
    "facilities.delete_equipment",
    "facilities.change_faultreport",
    "facilities.view_faultreport",
    "facilities.view_safetyitem",
    "facilities.add_safetyitem",
    "facilities.change_safetyitem",
    "facilities.delete_safetyitem",
    "facilities.add_safetycheck",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.WINDOW_STAFF: _REPORT,
    Role.CHIEF_REPRESENTATIVE: _REPORT,
    Role.DEPARTMENT_HEAD: _REPORT,
    Role.RECEPTION: _REPORT,
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
    Role.LEADERSHIP: [
        "facilities.view_equipment",
        "facilities.view_faultreport",
        "facilities.view_safetyitem",
    ],
    Role.INSPECTOR: ["facilities.view_safetyitem"],
}
