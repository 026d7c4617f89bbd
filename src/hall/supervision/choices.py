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
