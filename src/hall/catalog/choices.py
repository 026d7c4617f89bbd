from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing")
    PUBLIC_SERVICE = "public_service", _("Public service")
    OTHER = "other", _("Other")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    BOTH = "both", _("Original and copy")
    ELECTRONIC = "electronic", _("Electronic")


class MaterialRequirement(models.TextChoices):
    REQUIRED = "required", _("Required")
    CONDITIONAL = "conditional", _("When applicable")
