from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "hall.attendance"
    label = "attendance"
    verbose_name = _("Attendance and leave")

    def ready(self) -> None:
        from hall.attendance import demo, jobs, listeners, roles  # noqa: F401  # they register themselves
        from hall.core.roles import grant

        grant(roles.PERMISSIONS)
        jobs.register()
