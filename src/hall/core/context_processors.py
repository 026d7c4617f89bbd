from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from hall.core import calendar
from hall.core.models import User


def hall_context(request: HttpRequest) -> dict[str, Any]:
    """The current user's hall, and the calendar warning administrators must see (O4)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    context: dict[str, Any] = {"current_hall": user.hall}
    if user.has_perm("core.view_calendaryear"):
        this_year = timezone.localdate().year
        # Next year matters before it starts: deadlines set in December run into it.
        context["unconfirmed_calendar_years"] = calendar.unconfirmed_years(
            [this_year, this_year + 1]
        )
    return context
