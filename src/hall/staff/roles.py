"""What each role may do with staff profiles (granted from StaffConfig.ready())."""

from hall.core.roles import Role

_OFFICE = [
    f"staff.{verb}_{model}"
    for verb in ("add", "change", "view")
    for model in ("staffprofile", "qualificationkind", "qualification", "training", "abpair")
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.DEPARTMENT_HEAD: ["staff.view_staffprofile"],
    Role.HALL_ADMIN: _OFFICE,
    Role.SYSTEM_ADMIN: _OFFICE,
}
