"""How attendance reacts to what happens elsewhere (hall.core.events), connected from
AttendanceConfig.ready()."""

from __future__ import annotations

from hall.attendance import services
from hall.core.events import listen
from hall.core.models import User
from hall.queueing.events import WorkstationOpened


@listen(WorkstationOpened)
def punch_in_at_the_window(event: WorkstationOpened) -> None:
    """S5: logging in at a window workstation counts as punching in (during opening hours)."""
    staff = User.objects.select_related("hall").filter(pk=event.staff_id).first()
    if staff is not None:
        services.punch_in_at_window(staff, event.at)
