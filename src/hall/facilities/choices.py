from django.db import models
from django.utils.translation import gettext_lazy as _


class EquipmentKind(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk (取号机)")
    BOARD = "board", _("Calling board")
    WINDOW_SCREEN = "window_screen", _("Window screen")
    CALLER = "caller", _("Caller")
    PAD = "pad", _("Rating pad")
    BIG_SCREEN = "big_screen", _("Big screen")
    PRINTER = "printer", _("Printer")
    PC = "pc", _("PC")
    OTHER = "other", _("Other")


# What a window cannot call without: reported faulty, the window may leave the routing.
WINDOW_NEEDS = (EquipmentKind.CALLER, EquipmentKind.WINDOW_SCREEN, EquipmentKind.PC)


class SafetyItemKind(models.TextChoices):
    EXTINGUISHER = "extinguisher", _("Fire extinguisher")
    HYDRANT = "hydrant", _("Fire hydrant")
    ALARM = "alarm", _("Fire alarm")
    EXIT_SIGN = "exit_sign", _("Exit sign and emergency light")
    OTHER = "other", _("Other")
