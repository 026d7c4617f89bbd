"""Writes of the office's view: 潮汐 alerts raised once per episode (one open alert per rule
and business or window: no storm; the office texted once), cleared when the rule no longer
holds; acknowledging them and what was done, recorded (D4)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.audit import audit_record
from hall.core.errors import Conflict
from hall.core.inputs import required_text
from hall.core.models import Hall, User
from hall.core.outbox import outbox_tell
from hall.core.roles import Role
from hall.core.selectors import hall_people
from hall.reports.alerts import holding
from hall.reports.models import Alert


def alerts_check(hall: Hall, now: datetime.datetime) -> tuple[int, int]:
    """Raise what began to hold, clear what stopped; answers (raised, cleared)."""
    found = {(h.rule.pk, h.subject): h for h in holding(hall, now)}
    open_alerts = list(Alert.objects.filter(hall=hall, cleared_at__isnull=True))
    raised = cleared = 0
    for alert in open_alerts:
        if (alert.rule_id, alert.subject) not in found:
            cleared += Alert.objects.filter(pk=alert.pk, cleared_at__isnull=True).update(
                cleared_at=now
            )
    already = {(a.rule_id, a.subject) for a in open_alerts}
    office = list(hall_people(hall, Role.HALL_ADMIN).exclude(mobile_digest=""))
    for key, held in found.items():
        if key in already:
            continue
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    rule=held.rule,
                    hall=hall,
                    raised_at=now,
                    value=held.value,
                    subject=held.subject,
                    suggestion=held.suggestion[:300],
                )
                outbox_tell(
                    hall=hall,
                    people=office,
                    text=_("%(hall)s 潮汐预警 %(rule)s: %(subject)s %(value)s. %(suggestion)s")
                    % {
                        "hall": hall.name,
                        "rule": held.rule.get_kind_display(),
                        "subject": held.subject,
                        "value": held.value,
                        "suggestion": held.suggestion,
                    },
                    dedupe_key=f"alert-{alert.pk}",
                )
        except IntegrityError:
            continue  # raised by another process at the same instant: one episode
        raised += 1
    return raised, cleared


def _open_alert(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().select_related("hall", "rule").get(pk=alert.pk)


@transaction.atomic
def alert_acknowledge(*, actor: User, alert: Alert, via: str = "") -> Alert:
    locked = _open_alert(alert)
    if locked.acknowledged_at is not None:
        raise Conflict(_("This alert was acknowledged already."))
    locked.acknowledged_at, locked.acknowledged_by = timezone.now(), actor
    locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_record(actor=actor, action="alert.acknowledged", target=locked, hall=locked.hall, via=via)
    return locked


@transaction.atomic
def alert_act(*, actor: User, alert: Alert, action: str, via: str = "") -> Alert:
    """What the office did about it (opened window 5, moved 张伟 from B to A)."""
    locked = _open_alert(alert)
    locked.action = required_text(action, length=300, missing=_("Say what was done."))
    locked.acted_at, locked.acted_by = timezone.now(), actor
    if locked.acknowledged_at is None:
        locked.acknowledged_at, locked.acknowledged_by = locked.acted_at, actor
    locked.save(
        update_fields=["action", "acted_at", "acted_by", "acknowledged_at", "acknowledged_by"]
    )
    audit_record(
        actor=actor,
        action="alert.acted",
        target=locked,
        hall=locked.hall,
        changes={"action": [None, locked.action]},
        via=via,
    )
    return locked
