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


class MonthLocked(Conflict):
    code = "month_locked"
    default_message = _("The scores of %(month)s are locked: nothing of that month can change.")


class ReviewsPending(Conflict):
    code = "reviews_pending"
    default_message = _(
        "%(count)s review request(s) of this month wait for a decision: decide them first."
    )


class ReviewWrongState(Conflict):
    code = "review_decided"
    default_message = _("This review request was already decided.")


class VotingClosed(Conflict):
    code = "voting_closed"
    default_message = _("Voting for this award is open from %(opens)s to %(closes)s.")


class AlreadyVoted(Conflict):
    code = "already_voted"
    default_message = _("This mobile has already voted for this award.")


class WrongVoteCode(InvalidInput):
    code = "wrong_vote_code"
    default_message = _("The code is wrong or has expired: ask for a new one.")


class NotACandidate(InvalidInput):
    code = "not_a_candidate"
    default_message = _("Choose one of the candidates listed.")


class RoundConfirmed(Conflict):
    code = "round_confirmed"
    default_message = _("These awards were already confirmed.")


class VotingStillOpen(Conflict):
    code = "voting_still_open"
    default_message = _("Voting is open until %(closes)s: confirm the awards after it closes.")
