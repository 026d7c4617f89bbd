from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneKind(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    CONSULTATION = "consultation", _("Consultation")
    BUSINESS = "business", _("Business handling")
    WAITING = "waiting", _("Waiting")
    SELF_SERVICE = "self_service", _("Self-service")


class WindowState(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")
    EMPTY = "empty", _("Unstaffed")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    WORKDAY = "workday", _("Make-up workday")


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar package")
    MANUAL = "manual", _("Entered by an administrator")
