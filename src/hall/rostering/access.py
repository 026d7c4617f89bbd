"""Who sees which rosters (X1): the office every department of its hall, everyone else the
departments they belong to. Pages and the API ask here, never decide it themselves."""

from __future__ import annotations

from django.db import models

from hall.core.access import (
    AnyUser,
    access_department_in_charge,
    departments_in_charge,
    require_permission,
)
from hall.core.calendar import month_named
from hall.core.models import Department, Hall
from hall.rostering import services
from hall.rostering.models import Roster

VIEW = "rostering.view_roster"


def roster_departments(user: AnyUser) -> models.QuerySet[Department]:
    """The departments whose rosters `user` may see."""
    return departments_in_charge(user, office_permission=services.APPROVE)


def access_roster(
    user: AnyUser, department: str, month: str, *, hall: Hall | None = None
) -> Roster:
    """The roster of `department` (a code) for `month` (2027-01), to read: 404 for another
    hall's department, 403 for another department of the user's hall."""
    require_permission(user, VIEW)
    found = access_department_in_charge(
        user, department, office_permission=services.APPROVE, hall=hall
    )
    return services.roster_of(found.hall, found, month_named(month))
