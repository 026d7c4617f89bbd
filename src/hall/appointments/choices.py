from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    LATE = "late", _("Came late")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


# A person holds one of these per service item and day (the rest no longer take a place).
ACTIVE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


class BookedBy(models.TextChoices):
    ONLINE = "online", _("Online (phone page or API)")
    STAFF = "staff", _("By staff, for a caller")


class LateRule(models.TextChoices):
    ORDINARY_TICKET = "ordinary", _("Give an ordinary ticket")
    NO_TICKET = "none", _("Give no ticket")
