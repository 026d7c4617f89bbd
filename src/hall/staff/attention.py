"""The staff rules the dashboard warns of."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from hall.core.attention import attention_check
from hall.core.models import Department, Hall
from hall.core.roles import Role


@attention_check
def departments_without_chief(hall: Hall) -> list[str]:
    """S1: a department with two or more people in the hall has a chief representative;
    without one, its cases to approve on site wait for nobody."""
    departments = (
        Department.objects.filter(hall=hall)
        .annotate(
            people=Count("members", filter=Q(members__is_active=True), distinct=True),
            chiefs=Count(
                "members",
                filter=Q(members__is_active=True, members__groups__name=Role.CHIEF_REPRESENTATIVE),
                distinct=True,
            ),
        )
        .filter(people__gte=2, chiefs=0)
        .order_by("code")
    )
    return [
        _("%(department)s has no chief representative: its cases to approve on site wait.")
        % {"department": department.name}
        for department in departments
    ]
