"""Writing the audit trail (X3). The one function every service calls after a change."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from hall.core.models import AuditRecord, Hall, User


class AuditOutsideTransaction(RuntimeError):
    """The audit must commit or roll back with the change it describes."""


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    hall: Hall | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    via: str = "",
) -> AuditRecord:
    """Record one change. Call inside the service's `transaction.atomic()` block.

    `changes` maps a field to `[before, after]`; personal values must be passed masked.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit of {action!r} must run inside the change's transaction"
        )
    if hall is None and target is not None:
        hall = target if isinstance(target, Hall) else getattr(target, "hall", None)
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditRecord.objects.create(
        hall=hall,
        actor=actor,
        actor_name=actor.get_full_name() if actor else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=changes or {},
        reason=reason,
        via=via,
    )


def field_changes(before: models.Model, after: models.Model, fields: list[str]) -> dict[str, Any]:
    """`{field: [old, new]}` for the fields that differ, in a form JSON can hold."""
    result = {}
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            result[name] = [_jsonable(old), _jsonable(new)]
    return result


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)  # dates, times, decimals and personal values (which render masked)
