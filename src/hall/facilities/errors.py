from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict


class FaultAlreadyReported(Conflict):
    code = "fault_already_reported"
    default_message = _("A fault of %(name)s is already reported and not yet repaired.")


class FaultClosed(Conflict):
    code = "fault_closed"
    default_message = _("This fault was already repaired.")
