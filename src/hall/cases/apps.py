from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "hall.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from hall.cases import demo, jobs, roles  # noqa: F401  # they register themselves
        from hall.core.roles import grant

        grant(roles.PERMISSIONS)
        jobs.register()
