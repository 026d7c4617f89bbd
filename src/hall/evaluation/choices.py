from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """The five levels of 好差评, 5 the best."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


# 不满意 and 非常不满意 are a 差评: each opens a follow-up.
BAD = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)


class RatingChannel(models.TextChoices):
    PAD = "pad", _("Rating pad at the window")
    PHONE = "phone", _("Phone page")


class FollowUpStatus(models.TextChoices):
    CALL_BACK = "call_back", _("To call back")
    RECTIFYING = "rectifying", _("Being rectified")
    CLOSED = "closed", _("Closed")


class Finding(models.TextChoices):
    """What the call back found (V2)."""

    SUBSTANTIATED = "substantiated", _("Substantiated: to be rectified")
    EXPLAINED = "explained", _("Explained to the person")
    MISTAKEN = "mistaken", _("Mistaken or malicious (may be appealed)")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the office")
    UPHELD = "upheld", _("Upheld: out of the figures")
    REJECTED = "rejected", _("Rejected")


def default_tags() -> dict[str, list[str]]:
    """The tags each level offers (the hall edits them): common ones of provincial platforms."""
    return {
        "5": ["服务热情", "办事高效", "一次办好", "解释清楚"],
        "4": ["服务周到", "流程顺畅"],
        "3": ["等候较久", "流程较繁"],
        "2": ["等候太久", "多次跑动", "解释不清", "材料要求多"],
        "1": ["态度不好", "推诿扯皮", "多次跑动", "等候太久", "吃拿卡要"],
    }


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")


class ComplaintChannel(models.TextChoices):
    """Where a complaint came from (V4): every channel is recorded in one list."""

    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("By phone")
    ONLINE = "online", _("Online form")
    LETTER = "letter", _("Letter")
    HOTLINE = "hotline", _("12345 hotline transfer")


class ComplaintCategory(models.TextChoices):
    ATTITUDE = "attitude", _("Attitude (冷、横、硬、顶)")
    EFFICIENCY = "efficiency", _("Efficiency, waiting, repeated visits")
    DISCIPLINE = "discipline", _("Discipline (吃拿卡要, absent from post)")
    PROCESS = "process", _("Procedure and materials")
    FACILITIES = "facilities", _("Facilities and environment")
    OTHER = "other", _("Other")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("To be assigned")
    ASSIGNED = "assigned", _("Being handled")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class ComplaintFinding(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    UNFOUNDED = "unfounded", _("Not substantiated")
    SUGGESTION = "suggestion", _("A suggestion: answered")


# Recorded against the staff member and window (V4), and counted in their score (V5).
AGAINST_STAFF = (ComplaintFinding.SUBSTANTIATED, ComplaintFinding.PARTLY)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    CHOICE = "choice", _("Single choice")
    SCALE = "scale", _("Score 1–5")
    TEXT = "text", _("Free text")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be reported")
    SENT = "sent", _("Reported")
    FAILED = "failed", _("Failed")
