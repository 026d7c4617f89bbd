"""The transactional outbox: queue a message with the change, deliver it later, exactly once.

Gateways are pluggable (HALL_SMS_GATEWAY, a dotted path); the default only logs, so a hall
without an SMS contract loses nothing and sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from hall.core.audit import audit_record
from hall.core.models import Hall, OutboxMessage, OutboxStatus, User

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


class SmsGateway(Protocol):
    def send(self, *, mobile: str, text: str) -> None:
        """Deliver or raise; raising leaves the message for the next attempt."""


class LogGateway:
    """Writes the message to the log instead of sending it (the default)."""

    def send(self, *, mobile: str, text: str) -> None:
        logger.info("SMS to %s: %s", mobile[:3] + "****" + mobile[-4:], text)


def gateway() -> SmsGateway:
    gateway_class: type[SmsGateway] = import_string(settings.HALL_SMS_GATEWAY)
    return gateway_class()


def outbox_enqueue(*, hall: Hall | None, mobile: str, text: str, dedupe_key: str) -> bool:
    """Queue an SMS in the caller's transaction; False when the same key was queued before."""
    try:
        with transaction.atomic():
            OutboxMessage.objects.create(
                hall=hall, recipient=mobile, body=text, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return False
    return True


def outbox_tell(*, hall: Hall | None, people: Iterable[User], text: str, dedupe_key: str) -> int:
    """Queue `text` for each of `people` who has a mobile number, once each (the key ends in
    their id); returns how many were newly queued."""
    return sum(
        outbox_enqueue(
            hall=hall,
            mobile=person.mobile.plaintext,
            text=text,
            dedupe_key=f"{dedupe_key}-{person.pk}",
        )
        for person in people
        if person.mobile
    )


def outbox_deliver(*, limit: int = 100) -> int:
    """Send pending messages; returns how many were sent. Each is claimed under a lock first."""
    sent = 0
    sms = gateway()
    for message_id in list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    ):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, status=OutboxStatus.PENDING)
                .first()
            )
            if message is None:
                continue  # another process has it
            message.attempts += 1
            try:
                sms.send(mobile=message.recipient.plaintext, text=message.body)
            except Exception as failure:  # any gateway failure is retried later
                message.last_error = repr(failure)
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = OutboxStatus.FAILED
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = timezone.now()
                sent += 1
            message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return sent


def outbox_erase_recipients(*, now: datetime.datetime) -> int:
    """X2: a delivered (or given-up) message keeps its phone number only as long as the
    settings say (HALL_OUTBOX_RETENTION_DAYS); the message itself stays."""
    cutoff = now - datetime.timedelta(days=settings.HALL_OUTBOX_RETENTION_DAYS)
    done = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.SENT, OutboxStatus.FAILED], created_at__lt=cutoff
    ).exclude(recipient_digest="")
    with transaction.atomic():
        erased = done.update(recipient="", recipient_digest="")
        if erased:
            audit_record(
                actor=None,
                action="outbox.personal_data_erased",
                changes={"messages": [None, erased]},
                via="job",
            )
    return erased
