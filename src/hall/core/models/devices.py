"""Browser devices a hall sets up without a staff login (a rating pad beside a window; the
equipment register, F1, will list kiosks and screens here too).

A device proves itself with a long key kept in its own cookie. It gets the key by pairing:
the office asks for a short code, valid a few minutes, and types it on the device. Only
digests are stored, so neither the code nor the key can be read back from the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.core.models.organisation import Hall, Window


class DeviceKind(models.TextChoices):
    PAD = "pad", _("Rating pad (评价器)")
    BIG_SCREEN = "big_screen", _("Big screen (大屏)")


class Device(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="devices")
    kind = models.CharField(_("kind"), max_length=12, choices=DeviceKind.choices)
    window = models.ForeignKey(
        Window,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("window"),
    )
    name = models.CharField(_("name"), max_length=60, blank=True)
    pairing_digest = models.CharField(max_length=64, blank=True, editable=False)
    pairing_expires_at = models.DateTimeField(_("pairing code valid until"), null=True, blank=True)
    key_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set up by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paired_at = models.DateTimeField(_("paired at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["hall", "kind", "window__number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_digest"], condition=~Q(key_digest=""), name="device_key_unique"
            ),
            models.UniqueConstraint(
                fields=["pairing_digest"],
                condition=~Q(pairing_digest=""),
                name="device_pairing_unique",
            ),
        ]

    def __str__(self) -> str:
        where = f" · {self.window}" if self.window_id else ""
        return f"{self.get_kind_display()}{where}"

    @property
    def is_paired(self) -> bool:
        return bool(self.key_digest) and self.revoked_at is None
