"""The one access layer (X1): every page and API endpoint gets records through here.

A record of a hall the user cannot see is reported as not found (404), never as forbidden:
answering 403 would confirm it exists. Within their own hall, a user lacking the permission
for an action gets `PermissionDenied`.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest

from hall.core.errors import NotFound, PermissionDenied
from hall.core.models import Department, Hall, User, Window
from hall.core.roles import Role

M = TypeVar("M", bound=models.Model)
AnyUser = User | AnonymousUser


def sees_every_hall(user: AnyUser) -> bool:
    if not isinstance(user, User):
        return False
    return user.is_superuser or user.has_role(Role.SYSTEM_ADMIN)


def acts_for_whole_hall(user: AnyUser) -> bool:
    """Whoever may act on every record of their hall, whatever its department: hall and
    system administrators and Django superusers. The one definition every check uses."""
    if not isinstance(user, User):
        return False
    return user.is_superuser or user.has_role(Role.HALL_ADMIN, Role.SYSTEM_ADMIN)


def halls_visible_to(user: AnyUser) -> models.QuerySet[Hall]:
    return scope_to_user(Hall.objects.filter(is_active=True), user, hall_path="")


def scope_to_user(
    queryset: models.QuerySet[M], user: AnyUser, *, hall_path: str = "hall"
) -> models.QuerySet[M]:
    """Narrow any hall-owned queryset to what the user may see.

    `hall_path` leads from the model to its hall ("hall", "window__hall"); "" means the
    queryset is of halls themselves.
    """
    if sees_every_hall(user):
        return queryset
    if not isinstance(user, User) or not user.hall_id:
        return queryset.none()
    return queryset.filter(**{f"{hall_path}_id" if hall_path else "pk": user.hall_id})


def request_user(request: HttpRequest) -> User:
    """The authenticated staff user of a request that passed login or API authentication."""
    if not isinstance(request.user, User):
        raise PermissionDenied()
    return request.user


def require_permission(user: AnyUser, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied()


def access_hall(user: AnyUser, code: str, *, permission: str | None = None) -> Hall:
    own = user.hall if isinstance(user, User) and user.hall_id else None
    hall = own if own is not None and own.code == code and own.is_active else None
    if hall is None:
        hall = halls_visible_to(user).filter(code=code).first()
    if hall is None:
        raise NotFound()
    if permission:
        require_permission(user, permission)
    return hall


def public_hall(code: str) -> Hall:
    """A hall for the public pages and endpoints (kiosk, boards, phone): any active hall."""
    hall = Hall.objects.filter(code=code, is_active=True).first()
    if hall is None:
        raise NotFound()
    return hall


def access_window(
    user: AnyUser,
    hall_code: str,
    number: int,
    *,
    permission: str | None = None,
    for_update: bool = False,
) -> Window:
    """The window `number` of hall `hall_code`, locked when the caller is about to change it."""
    hall = access_hall(user, hall_code)
    windows = Window.objects.select_related("zone")
    if for_update:
        windows = windows.select_for_update(of=("self",))
    window = windows.filter(hall=hall, number=number).first()
    if window is None:
        raise NotFound()
    window.hall = hall  # known already: not joined again
    if permission:
        require_permission(user, permission)
    return window


def access_user(user: AnyUser, user_id: int, *, permission: str | None = None) -> User:
    target = scope_to_user(User.objects.select_related("hall"), user).filter(pk=user_id).first()
    if target is None:
        raise NotFound()
    if permission:
        require_permission(user, permission)
    return target


def access_department(user: AnyUser, code: str, *, hall: Hall | None = None) -> Department:
    """A department of the halls the user sees (of `hall`, when given), or 404."""
    departments = scope_to_user(Department.objects.select_related("hall"), user)
    if hall is not None:
        departments = departments.filter(hall=hall)
    found = departments.filter(code=code).first()
    if found is None:
        raise NotFound()
    return found


def departments_visible_to(user: AnyUser, hall: Hall) -> models.QuerySet[Department]:
    return scope_to_user(Department.objects.filter(hall=hall), user)


def departments_in_charge(user: AnyUser, *, office_permission: str) -> models.QuerySet[Department]:
    """The departments whose rosters, attendance and the like `user` may read: every one of
    the hall for the office (who holds `office_permission`) and the hall-wide roles, else
    the user's own."""
    departments = scope_to_user(Department.objects.select_related("hall"), user)
    if acts_for_whole_hall(user) or user.has_perm(office_permission):
        return departments
    if not isinstance(user, User):
        return departments.none()
    return departments.filter(members=user)


def access_department_in_charge(
    user: AnyUser, code: str, *, office_permission: str, hall: Hall | None = None
) -> Department:
    """A department by its code: 404 in another hall, 403 for another department of the
    user's hall that is not theirs to read."""
    department = access_department(user, code, hall=hall)
    in_charge = departments_in_charge(user, office_permission=office_permission)
    if not in_charge.filter(pk=department.pk).exists():
        raise PermissionDenied()
    return department
