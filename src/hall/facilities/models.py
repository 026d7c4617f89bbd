"""Equipment (F1): the hall's register of devices with their location, faults reported by
staff and their repair, and maintenance on a schedule. Safety (F2): emergency plans, drills,
fire-safety checks and incidents."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.models import Hall, Window, Zone
from hall.facilities.choices import WINDOW_NEEDS, EquipmentKind, SafetyItemKind


class Equipment(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=EquipmentKind.choices)
    name = models.CharField(_("name"), max_length=100)
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    maintenance_every_days = models.PositiveSmallIntegerField(
        _("maintenance every (days)"), null=True, blank=True
    )
    last_maintained_on = models.DateField(_("last maintained on"), null=True, blank=True)
    # A browser screen opened as …?equipment=<key> says it is alive over its live connection;
    # one silent past the hall's limit in opening hours is flagged once (`lost_since`).
    screen_key = models.SlugField(_("screen key"), max_length=40, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True, editable=False)
    lost_since = models.DateTimeField(_("silent since"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["hall", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "screen_key"],
                condition=~Q(screen_key=""),
                name="equipment_screen_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stops_its_window(self) -> bool:
        """A window cannot call without it: a fault may take the window out of routing."""
        return self.window_id is not None and self.kind in WINDOW_NEEDS

    def maintenance_due(self, today: datetime.date) -> bool:
        if not self.maintenance_every_days:
            return False
        last = self.last_maintained_on
        return last is None or last + datetime.timedelta(days=self.maintenance_every_days) <= today


class FacilitiesSettings(models.Model):
    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="+")
    screen_silence_minutes = models.PositiveSmallIntegerField(
        _("a screen silent this long in opening hours is flagged (minutes)"), default=2
    )

    class Meta:
        verbose_name = _("equipment settings")
        verbose_name_plural = _("equipment settings")

    def __str__(self) -> str:
        return str(self.hall)


class FaultReport(models.Model):
    """A fault reported by staff (报修), assigned and closed with a note; `took_window_out`
    when the window left the routing for it."""

    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="faults")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("what is wrong"), max_length=300)
    took_window_out = models.BooleanField(_("window taken out of routing"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    closed_at = models.DateTimeField(_("repaired at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    repair_note = models.CharField(_("repair note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("fault report")
        verbose_name_plural = _("fault reports")
        ordering = ["-reported_at", "-id"]
        constraints = [
            # One open report per item: a second click reports nothing twice.
            models.UniqueConstraint(
                fields=["equipment"],
                condition=Q(closed_at__isnull=True),
                name="fault_one_open_per_equipment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.equipment} {self.reported_at:%Y-%m-%d}"


# --- safety (F2) --------------------------------------------------------------------------------


class EmergencyPlan(models.Model):
    """An emergency plan (应急预案) as uploaded, a version per upload of the same title."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"))
    document = models.FileField(_("document (PDF)"), upload_to="safety/plans/%Y/")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "title", "version"], name="emergency_plan_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Drill(models.Model):
    """A drill (演练) planned for a day, then held with its participants and a report; one on
    a schedule (every so many months) plans the next when it is held."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    planned_on = models.DateField(_("planned on"))
    every_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"), null=True, blank=True
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("participants")
    )
    report = models.TextField(_("report"), blank=True)

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return self.title


class SafetyItem(models.Model):
    """A fire extinguisher, hydrant or the like, checked on a schedule (消防检查)."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=SafetyItemKind.choices)
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=100, blank=True)
    check_every_days = models.PositiveSmallIntegerField(_("check every (days)"), default=30)
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("fire-safety item")
        verbose_name_plural = _("fire-safety items")
        ordering = ["hall", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def check_due(self, today: datetime.date) -> bool:
        last = self.last_checked_on
        return last is None or last + datetime.timedelta(days=self.check_every_days) <= today


class SafetyCheck(models.Model):
    item = models.ForeignKey(SafetyItem, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ok = models.BooleanField(_("in order"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.item} {self.checked_on}"


class Incident(models.Model):
    """An incident (安全事件) logged, the persons responsible told by SMS through the outbox."""

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("occurred at"))
    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("persons responsible")
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return self.title
