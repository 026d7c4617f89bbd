from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, DomainError, InvalidInput, InvalidTransition, NotFound


class CategoryNotFound(NotFound):
    code = "category_not_found"
    default_message = _("This hall has no such ticket category.")


class PriorityNotOffered(InvalidInput):
    code = "priority_not_offered"
    default_message = _("This priority cannot be chosen here.")


class PriorityReasonRequired(InvalidInput):
    code = "priority_reason_required"
    default_message = _("A priority given at reception needs a reason.")


class HallClosedToday(Conflict):
    code = "hall_closed_today"
    default_message = _("The hall does not open today (a holiday or weekend).")


class WindowNotOpen(Conflict):
    code = "window_not_open"
    default_message = _("The window is not open (paused or closed): it cannot call.")


class WindowBusy(Conflict):
    code = "window_busy"
    default_message = _("Finish or mark as a no-show the current number (%(number)s) first.")


class TicketNotAtWindow(Conflict):
    code = "ticket_not_at_window"
    default_message = _("Number %(number)s is not at window %(window)s.")


class TicketWrongState(InvalidTransition):
    code = "ticket_wrong_state"
    default_message = _("Number %(number)s is %(status)s: this cannot be done now.")


class RecallsRequired(Conflict):
    code = "recalls_required"
    default_message = _("Call %(number)s %(remaining)s more time(s) before marking a no-show.")


class TransferTargetRequired(InvalidInput):
    code = "transfer_target_required"
    default_message = _("Transfer to either a category or a window.")


class TooManyTickets(DomainError):
    code = "too_many_tickets"
    status = 429
    default_message = _(
        "Too many tickets from this device; please wait a minute or ask at reception."
    )


class NoHelpNeeded(Conflict):
    code = "no_help_needed"
    default_message = _("Window %(number)s no longer needs help: its line is short again.")


class NotInLine(Conflict):
    code = "not_in_line"
    default_message = _(
        "Number %(number)s is not waiting for window %(window)s; it can be called out of "
        "order only where it waits, or when it was passed over today."
    )


class IssuingSuspended(Conflict):
    code = "issuing_suspended"
    default_message = _(
        "The hall is in emergency operation and gives no numbers for this business now: %(reason)s"
    )


class EmergencyAlreadyOn(Conflict):
    code = "emergency_already_on"
    default_message = _("The hall is already in emergency operation.")


class EmergencyNotOn(Conflict):
    code = "emergency_not_on"
    default_message = _("The hall is not in emergency operation.")
