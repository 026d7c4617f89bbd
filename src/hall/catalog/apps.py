from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "hall.catalog"
    label = "catalog"
    verbose_name = _("Service catalog")

    def ready(self) -> None:
        from hall.catalog import demo, roles  # noqa: F401  # they register themselves
        from hall.core.roles import grant

        grant(roles.PERMISSIONS)
