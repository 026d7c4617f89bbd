from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """Raised when code tries to change or remove an audit record."""


class AuditRecordQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnly("audit records are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit records are append-only")


class AuditChain(models.Model):
    """The head of a hall's audit chain (0: records of no hall): the last record's hash and
    how many records the chain holds. Its row lock orders the hall's audit records."""

    id = models.BigIntegerField(primary_key=True)  # the hall's id, or 0
    head = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain")
        verbose_name_plural = _("audit chains")

    def __str__(self) -> str:
        return f"{self.pk}: {self.length}"


class AuditRecord(models.Model):
    """One state change (审计记录): who, when, what, before and after. Append-only (X3).

    Written by `hall.core.audit.audit_record` inside the transaction of the change itself.
    Database triggers refuse UPDATE, DELETE and TRUNCATE (migration 0004), so not even raw SQL
    rewrites history; each record is linked to the one before it in its hall's chain by
    `chain_hash`, so `hall audit verify` shows where anyone who got past the triggers did.

    A migration that changes this table on SQLite rebuilds it and loses the triggers: it must
    create them again (`hall.core.db.audit_triggers`); tests/core/test_audit.py catches it.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    hall = models.ForeignKey(
        "core.Hall",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hall"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("record type"),
    )
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    via = models.CharField(_("via"), max_length=20, blank=True)
    chain = models.BigIntegerField(_("chain"), editable=False)
    chain_position = models.BigIntegerField(_("position in the chain"), editable=False)
    chain_hash = models.CharField(_("chain hash"), max_length=64, editable=False)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "chain_position"], name="audit_one_record_per_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.target_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnly("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit records are append-only")
