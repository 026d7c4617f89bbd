from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, InvalidInput, PermissionDenied


class QuestionAnswered(Conflict):
    code = "question_answered"
    default_message = _("This question was already answered.")


class NotTheOwner(PermissionDenied):
    code = "not_the_owner"
    default_message = _(
        "%(owner)s is responsible for this question (首问负责制): only they answer it or hand "
        "it over."
    )


class HandOverToSelf(InvalidInput):
    code = "hand_over_to_self"
    default_message = _("Hand the question over to a colleague, not to yourself.")


class ColleagueNotFound(InvalidInput):
    code = "colleague_not_found"
    default_message = _("Choose a colleague working in this hall.")


class NotPublishable(Conflict):
    code = "not_publishable"
    default_message = _("Only an answered question about a service item can go in the guide.")
