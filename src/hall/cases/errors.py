from django.utils.translation import gettext_lazy as _

from hall.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound


class CaseNotFound(NotFound):
    code = "case_not_found"
    default_message = _("No case with this number.")


class CaseWrongState(InvalidTransition):
    code = "case_wrong_state"
    default_message = _("Case %(number)s is %(status)s: this cannot be done now.")


class MaterialsMissing(InvalidInput):
    code = "materials_missing"
    default_message = _("Required materials are missing: %(names)s. Ask for corrections instead.")


class NotInFirstNotice(InvalidInput):
    code = "not_in_first_notice"
    default_message = _(
        "One-time notice (一次性告知): the first notice did not list %(names)s, so a later "
        "notice cannot ask for it. A later notice may only name materials of the first that "
        "are still missing or defective."
    )


class NothingMissing(InvalidInput):
    code = "nothing_missing"
    default_message = _("List the missing materials: a correction notice must say what is missing.")


class UnknownMaterial(InvalidInput):
    code = "unknown_material"
    default_message = _("This service item has no material %(code)s.")


class ApplicantIncomplete(InvalidInput):
    code = "applicant_incomplete"
    default_message = _(
        "Give the applicant's name and an ID number (person) or a credit code (company)."
    )


class ExtensionTooLong(InvalidInput):
    code = "extension_too_long"
    default_message = _(
        "An extension can add at most %(left)s more working days "
        "(legal limit plus legal extension)."
    )


class JointReviewOpen(Conflict):
    code = "joint_review_open"
    default_message = _("Departments still reviewing: %(departments)s.")


class ProgressNotFound(NotFound):
    code = "progress_not_found"
    default_message = _("No case matches this number and these digits.")


class TicketAlreadyLinked(Conflict):
    code = "ticket_already_linked"
    default_message = _("This ticket is already linked to the case.")


class DocumentNotAvailable(Conflict):
    code = "document_not_available"
    default_message = _("Case %(number)s has no %(document)s (yet).")


class ProgressLocked(InvalidInput):
    code = "progress_locked"
    status = 429
    default_message = _(
        "Too many wrong tries for this case number: its progress can be looked up again in "
        "%(minutes)s minutes."
    )
