from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from hall.core.pii import DigestField, MobileField
from hall.core.roles import Role


class User(AbstractUser):
    """A member of staff, or a system administrator when `hall` is empty.

    Roles are Django groups named after `hall.core.roles.Role`; what a user may see is decided
    by `hall.core.access`, never by a view.
    """

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    hall = models.ForeignKey(
        "core.Hall",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("hall"),
        help_text=_("Empty only for system administrators, who see every hall."),
    )
    departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="members", verbose_name=_("departments")
    )
    staff_number = models.CharField(_("staff number"), max_length=20, blank=True)
    mobile = MobileField(_("mobile"), blank=True)
    mobile_digest = DigestField(source="mobile")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("reveal_personal_data", _("Can reveal full personal data"))]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        """The user's roles, read once per request (access checks ask many times)."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return any(role.value in self.role_codes for role in roles)

    @property
    def role_labels(self) -> list[str]:
        return [str(role.label) for role in Role if role.value in self.role_codes]


class ApiToken(models.Model):
    """A bearer token for a device or an integration, acting as its user.

    Only a digest is stored: the token itself is shown once, by `hall token create`.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
