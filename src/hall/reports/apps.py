from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hall.reports"
    label = "reports"
    verbose_name = _("The office's view: dashboard, alerts and reports")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.reports import jobs, panels, roles  # noqa: F401  # they register themselves

        grant(roles.PERMISSIONS)
        jobs.register()
