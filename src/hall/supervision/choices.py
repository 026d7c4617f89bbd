from django.db import models
from django.utils.translation import gettext_lazy as _

# What an inspection looks at, as the seed lists it (每周不少于一次抽查); a hall edits its own.
DEFAULT_POINTS = (
    "着装整洁、佩戴工作牌",
    "文明用语，无冷、横、硬、顶",
    "窗口无玩手机游戏、吸烟、吃东西、喝饮料",
    "在岗在位，无脱岗、串岗",
    "桌面整洁",
    "首问负责、一次性告知落实",
)


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Spot inspection (督查)")
    SELF = "self", _("Self-inspection (自查自纠)")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("To rectify")
    RECTIFIED = "rectified", _("Rectified, to check")
    CHECKED = "checked", _("Checked")


class ScoreRule(models.TextChoices):
    """What moves a monthly score (V5), each with the common value as the default points."""

    ABSENCE = "absence", _("Absent without leave (旷工), per half day")
    LATE_EARLY = "late_early", _("Late or left early, each time")
    OVERDUE_CASE = "overdue_case", _("Case overdue, each")
    COMPLAINT = "complaint", _("Substantiated complaint, each")
    BAD_RATING = "bad_rating", _("Bad rating (差评) not overturned on appeal, each")
    FINDING = "finding", _("Inspection finding, each")
    COMMENDATION = "commendation", _("Commendation (表扬信), each")
    VOLUME_RANK = "volume_rank", _("Month's volume: first place (one less per place below)")
    ADJUSTMENT = "adjustment", _("Adjusted by the office")


DEFAULT_RULE_POINTS: dict[str, str] = {
    ScoreRule.ABSENCE: "-3",
    ScoreRule.LATE_EARLY: "-1",
    ScoreRule.OVERDUE_CASE: "-5",
    ScoreRule.COMPLAINT: "-5",
    ScoreRule.BAD_RATING: "-2",
    ScoreRule.FINDING: "-2",
    ScoreRule.COMMENDATION: "2",
    ScoreRule.VOLUME_RANK: "3",
}


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the office")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class AwardKind(models.TextChoices):
    STAR = "star", _("窗口服务标兵")
    RED_FLAG = "red_flag", _("红旗窗口")


class AwardPeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class RoundStatus(models.TextChoices):
    VOTING = "voting", _("Proposed, voting")
    CONFIRMED = "confirmed", _("Confirmed")
