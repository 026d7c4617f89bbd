from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "hall.staff"
    label = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.staff import attention, demo, roles  # noqa: F401  # they register themselves

        grant(roles.PERMISSIONS)
