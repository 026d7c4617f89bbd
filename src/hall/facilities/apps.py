from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "hall.facilities"
    label = "facilities"
    verbose_name = _("Equipment")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.facilities import attention, jobs, listeners, roles  # noqa: F401  # they register

        grant(roles.PERMISSIONS)
        jobs.register()
