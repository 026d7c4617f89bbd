from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the office")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")


class Post(models.TextChoices):
    A = "A", _("A post")
    B = "B", _("B post")
    BACKUP = "", _("Backup post")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
