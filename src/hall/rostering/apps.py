from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosteringConfig(AppConfig):
    name = "hall.rostering"
    label = "rostering"
    verbose_name = _("Rosters")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.rostering import demo, roles  # noqa: F401  # they register themselves

        grant(roles.PERMISSIONS)
