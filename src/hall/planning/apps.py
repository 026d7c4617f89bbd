from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "hall.planning"
    label = "planning"
    verbose_name = _("Planning (forecast and staffing)")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.planning import roles

        grant(roles.PERMISSIONS)
