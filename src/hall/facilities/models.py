"""Equipment (F1): the hall's register of devices with their location, faults reported by
staff and their repair, and maintenance on a schedule."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.models import Hall, Window, Zone
from hall.facilities.choices import WINDOW_NEEDS, EquipmentKind


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

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["hall", "kind", "name"]

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
