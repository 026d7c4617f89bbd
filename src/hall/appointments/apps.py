from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "hall.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from hall.appointments import demo, jobs, roles  # noqa: F401  # they register themselves
        from hall.core.roles import grant

        grant(roles.PERMISSIONS)
        jobs.register()
