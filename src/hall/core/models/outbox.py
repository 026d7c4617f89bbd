from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hall.core.pii import DigestField, MobileField


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """A message to send (SMS), written in the transaction that decided to send it.

    The periodic runner delivers it through the configured gateway; `dedupe_key` makes sure
    the same notice is never queued, and so never sent, twice.
    """

    hall = models.ForeignKey("core.Hall", on_delete=models.CASCADE, null=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, default="sms")
    recipient = MobileField(_("recipient"))
    recipient_digest = DigestField(source="recipient")
    body = models.TextField(_("text"))
    dedupe_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending_idx")]

    def __str__(self) -> str:
        return f"{self.channel} {self.recipient} {self.get_status_display()}"
