from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, InvalidInput


class RosterLocked(Conflict):
    code = "roster_locked"
    default_message = _("The roster is %(status)s: it cannot be edited now.")


class RosterWrongState(Conflict):
    code = "roster_wrong_state"
    default_message = _("The roster is %(status)s: this cannot be done now.")


class RosterHasGaps(Conflict):
    code = "roster_has_gaps"
    default_message = _(
        "%(count)s window half-days are not staffed (first: %(first)s). Staff them, or close "
        "the window for that half-day with a reason."
    )


class NotOnRoster(InvalidInput):
    code = "not_on_roster"
    default_message = _("%(name)s is not on this department's roster.")


class NotAWorkingHalfDay(InvalidInput):
    code = "not_a_working_half_day"
    default_message = _("%(day)s is not a coming working day of the hall.")


class PersonBusy(Conflict):
    code = "person_busy"
    default_message = _("%(name)s is already at window %(window)s in that half-day.")


class PersonAway(Conflict):
    code = "person_away"
    default_message = _("%(name)s is on approved leave in that half-day.")


class MonthNotPlannable(InvalidInput):
    code = "month_not_plannable"
    default_message = _("Rosters are planned from last month to %(last)s; %(month)s is outside.")
