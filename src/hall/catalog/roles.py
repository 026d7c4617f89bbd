"""What each role may do with the service catalog (granted from CatalogConfig.ready())."""

from hall.core.roles import Role

SEE_CATALOG = ["catalog.view_serviceitem", "catalog.view_serviceitemversion"]
_CONFIGURE_CATALOG = [
    *SEE_CATALOG,
    "catalog.change_serviceitem",
    # The version form is always saved as a new version (hall.catalog.admin), inlines too.
    "catalog.add_serviceitemversion",
    "catalog.change_serviceitemversion",
    *(f"catalog.{verb}_material" for verb in ("add", "change", "delete", "view")),
]

PERMISSIONS: dict[Role, list[str]] = {
    # Those who handle cases read the items they are for.
    Role.WINDOW_STAFF: SEE_CATALOG,
    Role.CHIEF_REPRESENTATIVE: SEE_CATALOG,
    Role.DEPARTMENT_HEAD: SEE_CATALOG,
    Role.HALL_ADMIN: _CONFIGURE_CATALOG,
    Role.SYSTEM_ADMIN: _CONFIGURE_CATALOG,
}
