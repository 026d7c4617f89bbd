"""The service catalog (O3): what a hall does, each change kept as a new version.

A `ServiceItem` is the lasting identity (hall + code); what it says (limits, fees, materials,
steps) lives in `ServiceItemVersion` rows that are never changed once published. A case keeps
the version it was taken under, so a later change of the guide never rewrites an old case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hall.catalog.choices import MaterialForm, MaterialRequirement, ServiceKind
from hall.core.models import Department, Hall, Window


class ServiceItem(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="service_items")
    code = models.SlugField(_("code"), max_length=40)
    current = models.OneToOneField(
        "ServiceItemVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["hall", "code"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="service_item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.current.name if self.current else ''}".strip()


class ServiceItemVersion(models.Model):
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=120)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    legal_limit_days = models.PositiveSmallIntegerField(
        _("legal time limit (working days)"), help_text=_("法定时限")
    )
    promised_limit_days = models.PositiveSmallIntegerField(
        _("promised time limit (working days)"),
        help_text=_("承诺时限: never above the legal limit"),
    )
    legal_extension_days = models.PositiveSmallIntegerField(
        _("legal extension (working days)"),
        default=0,
        help_text=_("e.g. 10 for administrative licensing (行政许可法 §42)"),
    )
    fees = models.CharField(_("fees"), max_length=200, default="", blank=True)
    fee_basis = models.CharField(_("basis of the fees"), max_length=300, default="", blank=True)
    legal_basis = models.TextField(_("legal basis"), default="", blank=True)
    conditions = models.TextField(_("conditions"), default="", blank=True)
    steps = models.JSONField(_("process steps"), default=list, blank=True)
    windows = models.ManyToManyField(
        Window, blank=True, related_name="+", verbose_name=_("handling windows")
    )
    delegated_approval = models.BooleanField(
        _("approved at the window"),
        default=False,
        help_text=_(
            "本级权限: the chief representative approves on site; otherwise the window gives "
            "a preliminary opinion and sends the case up"
        ),
    )
    bookable = models.BooleanField(_("can be booked"), default=False)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("service item version")
        verbose_name_plural = _("service item versions")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="service_version_unique"),
            models.CheckConstraint(
                condition=Q(promised_limit_days__lte=F("legal_limit_days")),
                name="promised_limit_within_legal",
                violation_error_message=_("The promised limit cannot exceed the legal limit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    @property
    def longest_limit_days(self) -> int:
        """The most a case may ever be given: the legal limit plus the legal extension."""
        return self.legal_limit_days + self.legal_extension_days


class Material(models.Model):
    version = models.ForeignKey(
        ServiceItemVersion, on_delete=models.CASCADE, related_name="materials"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(
        _("form"), max_length=12, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    requirement = models.CharField(
        _("requirement"),
        max_length=12,
        choices=MaterialRequirement.choices,
        default=MaterialRequirement.REQUIRED,
    )
    notes = models.CharField(_("notes"), max_length=300, default="", blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="material_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def required(self) -> bool:
        return self.requirement == MaterialRequirement.REQUIRED


class FaqEntry(models.Model):
    """A question often asked about a service item and its answer, shown in the guide (R2):
    picked by the office from the consultations, which name it as their `source`."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="faq")
    question = models.CharField(_("question"), max_length=500)
    answer = models.TextField(_("answer"))
    source = models.CharField(max_length=40, unique=True)
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["item", "published_at", "id"]

    def __str__(self) -> str:
        return self.question
