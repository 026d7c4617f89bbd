"""Who may see and move a case: hall scope first (404 elsewhere), then department and role."""

from __future__ import annotations

from hall.cases.errors import CaseNotFound
from hall.cases.models import Case
from hall.core.access import AnyUser, require_permission, scope_to_user
from hall.core.errors import PermissionDenied
from hall.core.models import Department, User
from hall.core.roles import Role


def access_case(user: AnyUser, number: str) -> Case:
    case = (
        scope_to_user(Case.objects.select_related("hall", "service__item", "department"), user)
        .filter(number=number)
        .first()
    )
    if case is None:
        raise CaseNotFound()
    return case


def works_for(user: User, department: Department) -> bool:
    """Staff act on their departments' cases; hall administrators on every case of the hall."""
    if user.has_role(Role.HALL_ADMIN, Role.SYSTEM_ADMIN):
        return True
    return user.departments.filter(pk=department.pk).exists()


def require_case_permission(actor: User | None, department: Department, permission: str) -> None:
    """`actor` None is the system itself (the periodic jobs), which the law lets act."""
    if actor is None:
        return
    require_permission(actor, permission)
    if not works_for(actor, department):
        raise PermissionDenied()
