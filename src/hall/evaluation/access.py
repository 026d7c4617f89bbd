"""Who may rate: the person served, on their phone or on the window's pad (a device), never a
member of staff (V2: staff cannot rate services, theirs or a colleague's)."""

from __future__ import annotations

from django.http import HttpRequest

from hall.core.models import User
from hall.core.roles import Role
from hall.evaluation.errors import StaffCannotRate


def refuse_staff(request: HttpRequest) -> None:
    user = request.user
    if isinstance(user, User) and not user.has_role(Role.DEVICE):
        raise StaffCannotRate()
