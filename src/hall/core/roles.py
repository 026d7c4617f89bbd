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


_SEE_ORGANISATION = [
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
    "core.view_calendarday",
    "core.view_calendaryear",
    "core.view_jobrun",
]

# Staff at windows also see their department's rosters (read only).
_SERVE_AT_WINDOW = ["queueing.call_ticket", "queueing.view_ticket", "rostering.view_roster"]
_CONFIGURE_QUEUE = [
    "queueing.change_queuesettings",
    "queueing.view_queuesettings",
    *(
        f"queueing.{verb}_{model}"
        for verb in ("add", "change", "delete", "view")
        for model in ("ticketcategory", "priorityclass", "workprofileentry")
    ),
]

_SEE_CATALOG = ["catalog.view_serviceitem", "catalog.view_serviceitemversion"]
_CONFIGURE_CATALOG = [
    *_SEE_CATALOG,
    "catalog.change_serviceitem",
    # The version form is always saved as a new version (hall.catalog.admin), inlines too.
    "catalog.add_serviceitemversion",
    "catalog.change_serviceitemversion",
    *(f"catalog.{verb}_material" for verb in ("add", "change", "delete", "view")),
]

_BUILD_ROSTERS = [
    "core.view_calendaryear",  # rosters of a year whose holidays are unconfirmed are provisional
    "rostering.build_roster",
    "rostering.view_roster",
    "staff.view_staffprofile",
    "attendance.view_leaverequest",
    "attendance.approve_leave",
    "attendance.view_punch",
]
_RUN_THE_OFFICE = [
    *_BUILD_ROSTERS,
    "rostering.approve_roster",
    "attendance.approve_any_leave",
    "attendance.change_attendancesettings",
    "attendance.view_attendancesettings",
    *(
        f"rostering.{verb}_{model}"
        for verb in ("add", "change", "view")
        for model in ("windowclosure", "windowrequirement", "rostersettings", "dayoffrequest")
    ),
    *(
        f"staff.{verb}_{model}"
        for verb in ("add", "change", "view")
        for model in ("staffprofile", "qualificationkind", "qualification", "training", "abpair")
    ),
]
_HANDLE_CASES = ["cases.handle_case", "cases.view_case", *_SEE_CATALOG]
_ALL_CASE_RIGHTS = [
    *_HANDLE_CASES,
    "cases.approve_case",
    "cases.approve_extension",
    "cases.view_casesettings",
    "cases.change_casesettings",
]

PERMISSIONS: dict[Role, list[str]] = {
    Role.RECEPTION: [*_SEE_ORGANISATION, "queueing.issue_priority_ticket", "queueing.view_ticket"],
    Role.WINDOW_STAFF: [*_SEE_ORGANISATION, *_SERVE_AT_WINDOW, *_HANDLE_CASES],
    Role.CHIEF_REPRESENTATIVE: [
        *_SEE_ORGANISATION,
        *_SERVE_AT_WINDOW,
        *_HANDLE_CASES,
        "cases.approve_case",
        "attendance.approve_leave",
        "attendance.view_leaverequest",
    ],
    Role.DEPARTMENT_HEAD: [
        *_SEE_ORGANISATION,
        "core.view_user",
        *_SERVE_AT_WINDOW,
        *_HANDLE_CASES,
        "cases.approve_extension",
        *_BUILD_ROSTERS,
    ],
    Role.INSPECTOR: [*_SEE_ORGANISATION, "core.view_user", "cases.view_case"],
    Role.HALL_ADMIN: [
        *_SEE_ORGANISATION,
        *_CONFIGURE_HALL,
        *_SERVE_AT_WINDOW,
        *_CONFIGURE_QUEUE,
        *_CONFIGURE_CATALOG,
        *_ALL_CASE_RIGHTS,
        *_RUN_THE_OFFICE,
        "queueing.issue_priority_ticket",
    ],
    Role.LEADERSHIP: [
        *_SEE_ORGANISATION,
        "core.view_user",
        "core.view_auditrecord",
        "queueing.view_ticket",
        "cases.view_case",
    ],
    Role.DEVICE: [*_SEE_ORGANISATION],
    Role.SYSTEM_ADMIN: [
        *_SEE_ORGANISATION,
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
        *_SERVE_AT_WINDOW,
        *_CONFIGURE_QUEUE,
        *_CONFIGURE_CATALOG,
        *_ALL_CASE_RIGHTS,
        *_RUN_THE_OFFICE,
        "queueing.issue_priority_ticket",
        "auth.view_group",
    ],
}

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

    for role, codes in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = set(codes)
        permissions = [
            p
            for p in Permission.objects.select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in wanted
        ]
        missing = wanted - {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if missing:
            raise LookupError(f"role {role.value} names unknown permissions: {sorted(missing)}")
        group.permissions.set(permissions)
