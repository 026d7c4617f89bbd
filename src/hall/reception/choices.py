from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionChannel(models.TextChoices):
    DESK = "desk", _("At the desk")
    PHONE = "phone", _("By phone")
    WINDOW = "window", _("At a window")
    ONLINE = "online", _("Online")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
