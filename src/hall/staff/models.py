"""Staff (S1): profiles with posts, qualifications with expiry, training, A/B post pairs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hall.core.inputs import MaxFileSize
from hall.core.models import Department, Hall, Window


class PostKind(models.TextChoices):
    WINDOW = "window", _("Front window")
    CONSULTATION = "consultation", _("Consultation")
    GUIDE = "guide", _("Guide / reception")
    MANAGEMENT = "management", _("Management")
    INSPECTION = "inspection", _("Inspection")


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    posts = models.JSONField(
        _("posts"), default=list, blank=True, help_text=_("window, consultation, guide, …")
    )
    chief_scope = models.ManyToManyField(
        "catalog.ServiceItem",
        blank=True,
        related_name="+",
        verbose_name=_("service items approved on site (chief representative)"),
    )
    joined_on = models.DateField(_("in the hall since"), null=True, blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to="staff/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"]), MaxFileSize(2)],
        help_text=_("Shown on the window screen's badge (工作标牌) while on duty."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return str(self.user.get_full_name() or self.user.get_username())

    def holds(self, post: PostKind) -> bool:
        return post.value in (self.posts or [])


class QualificationKind(models.Model):
    """A certificate some windows require (持证上岗), e.g. 不动产登记员."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="qualification_kinds")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    windows = models.ManyToManyField(
        Window,
        blank=True,
        related_name="required_qualifications",
        verbose_name=_("windows that require it"),
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="qualification_kind_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.ForeignKey(QualificationKind, on_delete=models.PROTECT, related_name="held")
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("held qualification")
        verbose_name_plural = _("held qualifications")
        ordering = ["valid_until"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.valid_until})"

    def valid_on(self, day: datetime.date) -> bool:
        return day <= self.valid_until


class Training(models.Model):
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    provider = models.CharField(_("given by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class ABPair(models.Model):
    """A岗/B岗: the window's usual person and the one who takes over when they are away."""

    window = models.OneToOneField(Window, on_delete=models.CASCADE, related_name="ab_pair")
    a_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="a_posts",
        verbose_name=_("A post"),
    )
    b_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="b_posts",
        verbose_name=_("B post"),
    )

    class Meta:
        verbose_name = _("A/B post pair")
        verbose_name_plural = _("A/B post pairs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(a_staff=F("b_staff")),
                name="ab_pair_two_people",
                violation_error_message=_("The A and B posts need two different people."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.window}: A {self.a_staff} / B {self.b_staff}"
