from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    """What a 潮汐 rule watches (D4), each against its threshold."""

    WAITING = "waiting", _("More people waiting than")
    LONGEST_WAIT = "longest_wait", _("Longest wait over (minutes)")
    PAUSED = "paused", _("A window paused over (minutes)")
