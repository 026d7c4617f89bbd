from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, InvalidInput


class LeaveOverlaps(Conflict):
    code = "leave_overlaps"
    default_message = _("This leave overlaps another request of the same person (%(other)s).")


class LeaveHasNoWorkingDay(InvalidInput):
    code = "leave_has_no_working_day"
    default_message = _("The leave covers no working day of the hall (a holiday or weekend).")


class LeaveEndsBeforeStart(InvalidInput):
    code = "leave_ends_before_start"
    default_message = _("The leave cannot end before it starts.")


class LeaveAlreadyDecided(Conflict):
    code = "leave_already_decided"
    default_message = _("This request was already decided (%(status)s).")


class HallClosedNow(Conflict):
    code = "hall_closed_now"
    default_message = _("The hall is not open now: there is nothing to punch.")


class LeaveTooLong(InvalidInput):
    code = "leave_too_long"
    default_message = _(
        "A leave request covers at most %(days)s days; ask for a longer absence in parts."
    )
