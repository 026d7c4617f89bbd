"""What each role may do with rosters (granted from RosteringConfig.ready())."""

from hall.core.roles import Role

_BUILD_ROSTERS = ["rostering.build_roster", "rostering.view_roster"]
_RUN_THE_OFFICE = [
    *_BUILD_ROSTERS,
    "rostering.approve_roster",
    *(
        f"rostering.{verb}_{model}"
        for verb in ("add", "change", "view")
        for model in ("windowclosure", "windowrequirement", "rostersettings", "dayoffrequest")
    ),
]

PERMISSIONS: dict[Role, list[str]] = {
    # Staff at windows see their department's rosters (read only).
    Role.WINDOW_STAFF: ["rostering.view_roster"],
    Role.CHIEF_REPRESENTATIVE: ["rostering.view_roster"],
    Role.DEPARTMENT_HEAD: _BUILD_ROSTERS,
    Role.HALL_ADMIN: _RUN_THE_OFFICE,
    Role.SYSTEM_ADMIN: _RUN_THE_OFFICE,
}
