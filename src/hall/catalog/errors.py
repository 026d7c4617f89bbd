from django.utils.translation import gettext_lazy as _

from hall.core.errors import InvalidInput, NotFound


class ServiceItemNotFound(NotFound):
    code = "service_item_not_found"
    default_message = _("This hall offers no such service item.")


class PromisedAboveLegal(InvalidInput):
    code = "promised_above_legal"
    default_message = _(
        "The promised limit (%(promised)s) cannot exceed the legal limit (%(legal)s)."
    )


class DuplicateMaterial(InvalidInput):
    code = "duplicate_material"
    default_message = _("Material code %(code)s appears twice in the list.")
