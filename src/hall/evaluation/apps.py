from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "hall.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation (好差评)")

    def ready(self) -> None:
        from hall.core.roles import grant
        from hall.evaluation import (  # noqa: F401  # they register themselves
            attention,
            jobs,
            listeners,
            live,
            offers,
            roles,
        )

        grant(roles.PERMISSIONS)
        jobs.register()
