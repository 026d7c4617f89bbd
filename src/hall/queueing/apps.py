from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "hall.queueing"
    label = "queueing"
    verbose_name = _("Queue and calling")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.queueing import demo, jobs, listeners, live, metrics, roles  # noqa: F401  # they register themselves

        grant(roles.PERMISSIONS)
        jobs.register()
