from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hall.core"
    label = "core"
    verbose_name = _("Hall organisation")

    def ready(self) -> None:
        from hall.core import checks, jobs  # noqa: F401  # checks register themselves

        # Groups need the permissions that post_migrate creates, so they are set up after it;
        # a flush (tests) emits post_migrate too, so a fresh database always has both.
        post_migrate.connect(_after_migrate, sender=self)
        jobs.register_builtin_jobs()


def _after_migrate(**kwargs: Any) -> None:
    from hall.core.models import CalendarYear
    from hall.core.roles import sync_role_groups
    from hall.core.services import calendar_import_from_package

    sync_role_groups()
    if not CalendarYear.objects.exists():
        calendar_import_from_package(via="migrate")
