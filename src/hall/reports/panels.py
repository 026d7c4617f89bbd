"""The hall now on the office's dashboard (hall.core.dashboard), for whoever may read it."""

from __future__ import annotations

from hall.core.dashboard import Panel, dashboard_panel
from hall.core.models import Hall, User
from hall.reports.alerts import open_alerts
from hall.reports.now import hall_now


@dashboard_panel
def the_hall_now(hall: Hall, user: User) -> Panel | None:
    if not user.has_perm("reports.view_dashboard"):
        return None
    return Panel("reports/_now.html", {"now": hall_now(hall), "alerts": open_alerts(hall)})
