from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "hall.supervision"
    label = "supervision"
    verbose_name = _("Supervision (督查)")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.supervision import attention, awards, demo, jobs, roles  # noqa: F401  # register

        grant(roles.PERMISSIONS)
        jobs.register()
