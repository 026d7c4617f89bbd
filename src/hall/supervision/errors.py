from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, InvalidInput, PermissionDenied


class FindingNeedsSomeone(InvalidInput):
    code = "finding_needs_someone"
    default_message = _("Say which member of staff or which window the finding is about.")


class FindingWrongState(Conflict):
    code = "finding_wrong_state"
    default_message = _("This finding is %(status)s: this step was already taken.")


class InspectionFinished(Conflict):
    code = "inspection_finished"
    default_message = _("This inspection is finished: start a new one to record more.")


class CheckedBySomeoneElse(PermissionDenied):
    code = "checked_by_someone_else"
    default_message = _(
        "A rectification is checked by someone other than whoever did it or was found."
    )


class TooManyPhotos(InvalidInput):
    code = "too_many_photos"
    default_message = _("At most %(most)s photos per finding.")
