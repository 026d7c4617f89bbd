"""Spot inspections (V1): who inspected what and when, each finding against a member of staff
and/or a window with photos, its rectification by a due date in working days, and the check
that it was done (by someone other than whoever rectified it or was found)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.inputs import MaxFileSize
from hall.core.models import Department, Hall, Window, Zone
from hall.supervision.choices import FindingStatus, InspectionKind

# A finding, commendation, adjustment, vote or award names a member of staff, a window or both.
STAFF_OR_WINDOW = Q(staff__isnull=False) | Q(window__isnull=False)


class Inspection(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(
        _("kind"), max_length=10, choices=InspectionKind.choices, default=InspectionKind.INSPECTION
    )
    # What was looked at: the whole hall, a zone, or chosen windows (a head's own department).
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zone"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    windows = models.ManyToManyField(
        Window, blank=True, related_name="+", verbose_name=_("windows")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("inspector"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-started_at"]
        permissions = [("inspect_hall", _("Can inspect the whole hall and check any finding"))]
        indexes = [models.Index(fields=["hall", "started_at"], name="inspection_hall_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+")
    point = models.CharField(_("point"), max_length=100)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("staff member"),
    )
    window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("window"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("what was found"), max_length=500)
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)
    rectify_due = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rectification_note = models.CharField(_("what was done"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["rectify_due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=STAFF_OR_WINDOW,
                name="finding_names_staff_or_window",
            )
        ]
        indexes = [
            models.Index(
                fields=["hall", "rectify_due"],
                condition=~Q(status=FindingStatus.CHECKED),
                name="finding_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.point}: {self.note[:30]}"


class FindingPhoto(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"),
        upload_to="findings/%Y/%m/",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"]), MaxFileSize(5)],
    )
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name or ""
