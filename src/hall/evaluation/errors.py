from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, InvalidInput, PermissionDenied


class LevelOutOfRange(InvalidInput):
    code = "level_out_of_range"
    default_message = _("Choose one of the five levels, from 非常满意 (5) to 非常不满意 (1).")


class TagsNotOfLevel(InvalidInput):
    code = "tags_not_of_level"
    default_message = _("These tags are not offered for this level: %(tags)s.")


class NotFinished(Conflict):
    code = "not_finished"
    default_message = _("The service is not finished yet: it can be rated once it is.")


class RatingExpired(Conflict):
    code = "rating_expired"
    default_message = _(
        "A service can be rated within %(days)s days; the time for this one is over."
    )


class AlreadyEvaluated(Conflict):
    code = "already_evaluated"
    default_message = _("This service has already been rated (一次一评). Thank you.")


class StaffCannotRate(PermissionDenied):
    code = "staff_cannot_rate"
    default_message = _("Staff cannot rate services: the rating is the person served's.")


class FollowUpWrongState(Conflict):
    code = "follow_up_wrong_state"
    default_message = _("This follow-up is %(status)s: this step was already taken.")


class AlreadyAppealed(Conflict):
    code = "already_appealed"
    default_message = _("This rating was already appealed (one appeal per rating).")


class AppealTooLate(Conflict):
    code = "appeal_too_late"
    default_message = _("The time to appeal this rating ended on %(last)s.")


class NotYourRating(PermissionDenied):
    code = "not_your_rating"
    default_message = _("Only the member of staff rated may appeal a rating.")


class AppealDecided(Conflict):
    code = "appeal_decided"
    default_message = _("This appeal was already decided (%(status)s).")


class ComplaintWrongState(Conflict):
    code = "complaint_wrong_state"
    default_message = _("This complaint is %(status)s: this step was already taken.")


class SurveyWrongState(Conflict):
    code = "survey_wrong_state"
    default_message = _("This survey is %(status)s: this step cannot be taken now.")


class SurveyNotOpen(Conflict):
    code = "survey_not_open"
    default_message = _("This survey is not open today. Thank you for your interest.")


class RankingPublished(Conflict):
    code = "ranking_published"
    default_message = _("The ranking of %(month)s was already published.")
