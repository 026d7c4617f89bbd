"""How Django asks who may do what: the roles table answers (hall.core.roles)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from hall.core.models import User
from hall.core.roles import Role, permissions_of


class RoleBackend(ModelBackend):
    """Permissions straight from the roles table (what every app granted each role).

    The groups hold the same permissions (for the admin's display), but reading them back
    costs two queries per request; the user's role codes are read once per request anyway.
    Permissions are granted only through roles, never to a single user.
    """

    def get_user(self, user_id: int) -> Any:
        """The user of a session, with their hall (every staff page checks it): one query."""
        user = User.objects.select_related("hall").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return {
            permission
            for code in user_obj.role_codes
            if code in Role.values
            for permission in permissions_of(Role(code))
        }
