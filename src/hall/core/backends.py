"""How Django asks who may do what: the roles table answers (hall.core.roles)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.backends import ModelBackend

from hall.core.memo import KEPT_WHILE_HEARD, Memo, through
from hall.core.models import Hall, User
from hall.core.roles import Role, permissions_of

# Every staff request and screen asks who its session's user is, with their hall and roles:
# each process keeps the answer (hall.core.memo), forgotten everywhere when the user, their
# hall, roles or departments change (a password too: the session then ends), not when
# they sign in.
_session_users: Memo[User | None] = Memo(
    seconds=5.0,
    cleared_by=(User, Hall, through(User, "groups"), through(User, "departments")),
    unaffected_by=frozenset({"last_login"}),
    while_heard=KEPT_WHILE_HEARD,
)


class RoleBackend(ModelBackend):
    """Permissions straight from the roles table (what every app granted each role).

    The groups hold the same permissions (for the admin's display), but reading them back
    costs two queries per request; the user's role codes are read once per request anyway.
    Permissions are granted only through roles, never to a single user.
    """

    def get_user(self, user_id: int) -> Any:
        """The user of a session, with their hall and roles (every staff page checks them);
        each request gets its own copy, so that nothing one sets on it is seen by another."""
        user = _session_users.get(user_id, lambda: self._read_user(user_id))
        return copy.copy(user) if user is not None else None

    def _read_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("hall").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user.get_all_permissions()  # read the roles now, so that every copy carries them
        return user

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
