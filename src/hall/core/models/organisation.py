from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from hall.core.choices import WindowState, ZoneKind


class Hall(models.Model):
    """A service hall (服务大厅): the unit every other record belongs to."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    complaint_phone = models.CharField(_("complaint phone"), max_length=40, blank=True)
    public_url = models.URLField(
        _("public address"),
        blank=True,
        help_text=_(
            "Where visitors' phones reach this hall's pages, e.g. http://10.1.2.3:8000; "
            "printed in the QR codes of slips, receipts and notices."
        ),
    )
    # Opening hours (O4): a morning and an afternoon period, which rosters also count in.
    morning_opens = models.TimeField(_("morning opens"), default=datetime.time(8, 0))
    morning_closes = models.TimeField(_("morning closes"), default=datetime.time(12, 0))
    afternoon_opens = models.TimeField(_("afternoon opens"), default=datetime.time(13, 30))
    afternoon_closes = models.TimeField(_("afternoon closes"), default=datetime.time(17, 0))
    board_notice = models.CharField(
        _("notice on the boards"),
        max_length=200,
        blank=True,
        help_text=_("Scrolls along the calling boards, e.g. a closing time or a holiday."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(morning_opens__lt=models.F("morning_closes"))
                & models.Q(morning_closes__lte=models.F("afternoon_opens"))
                & models.Q(afternoon_opens__lt=models.F("afternoon_closes")),
                name="hall_opening_hours_in_order",
                violation_error_message=_("Opening hours must run morning, then afternoon."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """A zone of the hall (区域): reception, consultation, business, waiting, self-service."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="zones")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["hall", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="zone_code_unique_in_hall")
        ]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department stationed in the hall (进驻部门 / 科室)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="departments")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["hall", "code"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="department_code_unique_in_hall")
        ]

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """A service window (窗口) in a hall."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="windows")
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=60, blank=True)
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="windows", verbose_name=_("zone")
    )
    departments = models.ManyToManyField(
        Department, related_name="windows", blank=True, verbose_name=_("departments")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=WindowState.choices, default=WindowState.CLOSED
    )
    state_reason = models.CharField(_("reason"), max_length=200, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    # What a change of state writes (hall.core.services.window_set_state), and re-reads.
    STATE_FIELDS = ("state", "state_reason", "state_changed_at")

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["hall", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="window_number_unique_in_hall")
        ]
        permissions = [("operate_window", _("Can open, pause and close a window"))]

    def __str__(self) -> str:
        return str(_("Window %(number)s") % {"number": self.number})
