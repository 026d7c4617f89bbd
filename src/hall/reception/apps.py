from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "hall.reception"
    label = "reception"
    verbose_name = _("Reception and consultation")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.reception import attention, demo, jobs, roles  # noqa: F401  # they register themselves

        grant(roles.PERMISSIONS)
        jobs.register()
