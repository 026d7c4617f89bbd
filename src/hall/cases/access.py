"""Who may see and move a case: hall scope first (404 elsewhere), then department and role.

Reading follows the same rules as acting (X1): staff read their departments' cases (and the
cases their department reviews jointly); the hall's administrators, leadership and
inspectors read every case of the hall; nobody else (reception, devices) reads any.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hall.cases.errors import CaseNotFound
from hall.cases.models import Case
from hall.core.access import AnyUser, acts_for_whole_hall, require_permission, scope_to_user
from hall.core.errors import PermissionDenied
from hall.core.models import Department, User
from hall.core.roles import Role

VIEW = "cases.view_case"
# Who reads every case of the hall without acting on it.
READ_EVERY_CASE = (Role.LEADERSHIP, Role.INSPECTOR)


def reads_every_case(user: AnyUser) -> bool:
    return acts_for_whole_hall(user) or (isinstance(user, User) and user.has_role(*READ_EVERY_CASE))


def cases_visible_to(user: AnyUser) -> QuerySet[Case]:
    """The cases `user` may read."""
    cases = scope_to_user(Case.objects.all(), user)
    if not isinstance(user, User) or not user.has_perm(VIEW):
        return cases.none()
    if reads_every_case(user):
        return cases
    mine = user.departments.values("pk")
    return cases.filter(Q(department__in=mine) | Q(tasks__department__in=mine)).distinct()


def access_case(user: AnyUser, number: str) -> Case:
    """A case to read: 404 in another hall, 403 for a case of another department."""
    case = (
        scope_to_user(Case.objects.select_related("hall", "service__item", "department"), user)
        .filter(number=number)
        .first()
    )
    if case is None:
        raise CaseNotFound()
    require_permission(user, VIEW)
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise PermissionDenied()
    return case


def works_for(user: User, department: Department) -> bool:
    """Staff act on their departments' cases; hall administrators on every case of the hall."""
    if acts_for_whole_hall(user):
        return True
    return user.departments.filter(pk=department.pk).exists()


def require_case_permission(actor: User | None, department: Department, permission: str) -> None:
    """`actor` None is the system itself (the periodic jobs), which the law lets act."""
    if actor is None:
        return
    require_permission(actor, permission)
    if not works_for(actor, department):
        raise PermissionDenied()
