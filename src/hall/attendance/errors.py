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


class CorrectionNotPossible(InvalidInput):
    code = "correction_not_possible"
    default_message = _(
        "A forgotten punch can be asked for within %(days)s days, for a past half-day, with "
        "a time within its opening hours."
    )


class AlreadyPunched(Conflict):
    code = "already_punched"
    default_message = _("There is already a punch %(kind)s for that half-day.")


class CorrectionReasonRequired(InvalidInput):
    code = "correction_reason_required"
    default_message = _("Say why the punch was missed.")
