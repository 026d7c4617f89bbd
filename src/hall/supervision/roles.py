"""What each role may do in supervision (granted from SupervisionConfig.ready())."""

from hall.core.roles import Role

_SEE = ["supervision.view_inspection", "supervision.view_finding"]
# Inspectors inspect; heads self-inspect their departments and rectify what was found there.
_INSPECT = [*_SEE, "supervision.add_inspection", "supervision.add_finding"]
_RECTIFY = [*_SEE, "supervision.change_finding"]

_HALL = [*_INSPECT, *_RECTIFY, "supervision.inspect_hall"]

PERMISSIONS: dict[Role, list[str]] = {
    Role.INSPECTOR: _HALL,
    Role.DEPARTMENT_HEAD: [*_INSPECT, *_RECTIFY],  # self-inspection of their departments
    Role.CHIEF_REPRESENTATIVE: _RECTIFY,
    Role.HALL_ADMIN: [*_HALL, "supervision.change_supervisionsettings"],
    Role.SYSTEM_ADMIN: [*_HALL, "supervision.change_supervisionsettings"],
    Role.LEADERSHIP: [*_SEE, "supervision.inspect_hall"],
}
