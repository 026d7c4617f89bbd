from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "hall.attendance"
    label = "attendance"
    verbose_name = _("Attendance and leave")

    def ready(self) -> None:
        from hall.attendance import roles
        from hall.core.roles import grant

        grant(roles.PERMISSIONS)
