"""Roles (X1): the people of SPEC's table, as Django groups with their permissions.

A role is a group whose name is the role's code. What a role may do is listed here once;
`sync_role_groups` makes the groups match after every migration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception", _("Reception / guide")
    WINDOW_STAFF = "window_staff", _("Window staff")
    CHIEF_REPRESENTATIVE = "chief_representative", _("Chief representative")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    INSPECTOR = "inspector", _("Inspector")
    HALL_ADMIN = "hall_admin", _("Hall administrator")
    LEADERSHIP = "leadership", _("Leadership")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    DEVICE = "device", _("Kiosk or display device")


# Every app says what each role may do with its records, in its own `roles.py`, and grants it
# from its AppConfig.ready(); core's own are below. `sync_role_groups` gives each role's group
# the union after every migration.
_GRANTS: dict[Role, set[str]] = {role: set() for role in Role}


def grant(permissions: dict[Role, list[str]]) -> None:
    """Add an app's permissions to the roles (ready() may run more than once: a set)."""
    for role, codes in permissions.items():
        _GRANTS[role].update(codes)


def permissions_of(role: Role) -> frozenset[str]:
    return frozenset(_GRANTS[role])


SEE_ORGANISATION = [
    "core.view_hall",
    "core.view_zone",
    "core.view_department",
    "core.view_window",
]
_CONFIGURE_HALL = [
    "core.change_hall",
    *(
        f"core.{verb}_{model}"
        for verb in ("add", "change", "delete")
        for model in ("zone", "department", "window")
    ),
    "core.operate_window",
    "core.view_user",
    "core.add_user",
    "core.change_user",
    "core.reveal_personal_data",
    "core.view_auditrecord",
    "core.view_calendaryear",
    "core.view_calendarday",
    "core.view_jobrun",
    "core.view_device",
    "core.add_device",
    "core.change_device",
]

PERMISSIONS: dict[Role, list[str]] = {
    **{role: list(SEE_ORGANISATION) for role in Role},
    Role.DEPARTMENT_HEAD: [
        *SEE_ORGANISATION,
        "core.view_user",
        "core.view_calendaryear",  # rosters in an unconfirmed year are provisional
    ],
    Role.INSPECTOR: [*SEE_ORGANISATION, "core.view_user"],
    Role.HALL_ADMIN: [*SEE_ORGANISATION, *_CONFIGURE_HALL],
    Role.LEADERSHIP: [*SEE_ORGANISATION, "core.view_user", "core.view_auditrecord"],
    Role.SYSTEM_ADMIN: [
        *SEE_ORGANISATION,
        *_CONFIGURE_HALL,
        "core.add_hall",
        "core.delete_hall",
        *(
            f"core.{verb}_{model}"
            for verb in ("add", "change", "delete")
            for model in ("calendarday", "calendaryear")
        ),
        "core.view_apitoken",
        "core.delete_apitoken",
        "core.view_outboxmessage",
        "auth.view_group",
    ],
}
grant(PERMISSIONS)


# Roles that work in the configuration screens (Django admin).
ADMIN_SITE_ROLES = frozenset({Role.HALL_ADMIN, Role.SYSTEM_ADMIN})


def sync_role_groups() -> None:
    """Create a group per role and give it exactly the permissions listed above."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate reaches apps one by one; the permissions of apps after this one must exist.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = set(_GRANTS[role])
        permissions = [
            p
            for p in Permission.objects.select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in wanted
        ]
        missing = wanted - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if missing:
            raise LookupError(f"role {role.value} names unknown permissions: {sorted(missing)}")
        group.permissions.set(permissions)
