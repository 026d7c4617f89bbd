from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Done")
    NO_SHOW = "no_show", _("No-show")
    CLOSED = "closed", _("Closed")


# A ticket in one of these is at a window: the window is busy with it.
AT_WINDOW = (TicketStatus.CALLED, TicketStatus.SERVING)


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk")
    RECEPTION = "reception", _("Reception desk")
    PHONE = "phone", _("Phone")
    APPOINTMENT = "appointment", _("Appointment check-in")


class TicketEventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CALLED = "called", _("Called")
    RECALLED = "recalled", _("Called again")
    STARTED = "started", _("Service started")
    FINISHED = "finished", _("Finished")
    NO_SHOW = "no_show", _("No-show")
    REQUEUED = "requeued", _("Back in the queue")
    TRANSFERRED = "transferred", _("Transferred")
    CLOSED = "closed", _("Closed")


# The marks of 过号: a no-show counts when it is marked, whether the ticket then went back in
# the line or was void (the dashboard, the desk and the reports count alike).
NO_SHOW_MARKS = (TicketEventKind.NO_SHOW, TicketEventKind.REQUEUED)


class NoShowRule(models.TextChoices):
    CLOSE = "close", _("The ticket is void")
    REQUEUE_END = "requeue_end", _("Back to the end of the queue, once")
    REQUEUE_KEEP = "requeue_keep", _("Back in its original place, once")


class EndOfDayRule(models.TextChoices):
    CLOSE = "close", _("Close waiting tickets at closing time")
    KEEP = "keep", _("Keep them for the next morning, in their order")
