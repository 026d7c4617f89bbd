from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CORRECTION_REQUESTED = "correction_requested", _("Corrections requested")
    RESUBMITTED = "resubmitted", _("Corrections handed in")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Not accepted")
    IN_PROCESS = "in_process", _("In process")
    APPROVAL = "approval", _("Awaiting approval on site")
    SENT_UP = "sent_up", _("Preliminary opinion sent up")
    CONCLUDED = "concluded", _("Concluded")
    DELIVERED = "delivered", _("Result delivered")
    ARCHIVED = "archived", _("Archived")


# The clock (C3) runs in these states; it has not started before, and it is over after.
CLOCK_RUNNING = (
    CaseStatus.ACCEPTED,
    CaseStatus.IN_PROCESS,
    CaseStatus.APPROVAL,
    CaseStatus.SENT_UP,
)
# The work is done: the applicant may rate it (一事一评, V2).
CONCLUDED_OR_LATER = (CaseStatus.CONCLUDED, CaseStatus.DELIVERED, CaseStatus.ARCHIVED)
# Materials lie at the window waiting for a first decision (the five-day rule, C1).
AWAITING_DECISION = (CaseStatus.RECEIVED, CaseStatus.RESUBMITTED)


class Outcome(models.TextChoices):
    # The words of a licensing decision (准予 / 不予批准), not of an office's approval.
    APPROVED = "approved", pgettext_lazy("decision", "Approved")
    REJECTED = "rejected", pgettext_lazy("decision", "Rejected")


class ApplicantKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("applicant", "Person")
    COMPANY = "company", _("Company")


class DeliveryMethod(models.TextChoices):
    PICKUP = "pickup", _("Picked up at the window")
    MAIL = "mail", _("By mail")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Warning(models.TextChoices):
    NONE = "", _("On time")
    YELLOW = "yellow", _("Due soon")
    RED = "red", _("Overdue")


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Acceptance receipt")
    CORRECTION_NOTICE = "correction-notice", _("One-time correction notice")
    REFUSAL_NOTICE = "refusal-notice", _("Refusal notice")
    CONCLUSION_NOTICE = "conclusion-notice", _("Conclusion notice")


# What each step of the history is called on screen and in documents.
STEP_LABELS = {
    "receive": _("Case received"),
    "accept": _("Accepted"),
    "refuse": _("Not accepted"),
    "request_corrections": _("Correction notice"),
    "resubmit": _("Corrections handed in"),
    "start": _("Processing started"),
    "joint_review": _("Joint review started"),
    "submit_for_approval": _("Submitted for approval"),
    "conclude": _("Concluded"),
    "deliver": _("Result delivered"),
    "archive": _("Archived"),
    "extend": _("Time limit extended"),
    "deemed_accepted": _("Accepted by default (no notice in five working days)"),
}
