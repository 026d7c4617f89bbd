"""Writing the audit trail (X3). The one function every service calls after a change.

The trail is append-only in the database (triggers refuse UPDATE, DELETE and TRUNCATE; see
`hall.core.db.audit_maintenance` for the one way past them) and tamper-evident: each hall has
a chain, and every record carries the hash of the previous record's hash and its own content,
so `hall audit verify` finds the first record that was changed, removed or slipped in.

No secret reaches a record: values under a name that looks secret (password, token, key) are
replaced before the record is written, whatever the caller passed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from hall.core.models import AuditChain, AuditRecord, Hall, User

# Field names whose values are secrets. "key_digest" or "dedupe_key" are not secrets, but
# nothing an audit needs lives under such names either, so the pattern stays simple.
SECRET_NAME = re.compile(r"pass(word|wd)?|secret|token|(^|_)key($|_)|credential", re.IGNORECASE)
NOT_RECORDED = "[secret not recorded]"
GENESIS = "0" * 64  # the "previous hash" of a chain's first record


class AuditOutsideTransaction(RuntimeError):
    """The audit must commit or roll back with the change it describes."""


def without_secrets(changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` with the value of every secret-looking name replaced, at any depth."""
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if SECRET_NAME.search(str(name)):
            cleaned[name] = NOT_RECORDED
        elif isinstance(value, dict):
            cleaned[name] = without_secrets(value)
        else:
            cleaned[name] = value
    return cleaned


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
    record = AuditRecord(
        hall=hall,
        actor=actor,
        actor_name=actor.get_full_name() if actor else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=without_secrets(_jsonable(changes or {})),
        reason=reason,
        via=via,
    )
    record.chain = hall.pk if hall is not None else 0
    record.chain_hash, record.chain_position = _extend_chain(record.chain, content_hash(record))
    record.save(force_insert=True)
    return record


# --- the chain ------------------------------------------------------------------------------


def content_hash(record: AuditRecord) -> str:
    """The hash of what a record says, from the values as stored (so that verifying a record
    read back from either database gives the same answer)."""
    created_at = record.created_at.astimezone(datetime.UTC).isoformat()
    content = [
        created_at,
        record.hall_id,
        record.actor_id,
        record.actor_name,
        record.action,
        record.target_type_id,
        record.target_id,
        record.target_repr,
        record.changes,
        record.reason,
        record.via,
    ]
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def link_hash(previous: str, content: str) -> str:
    """The chain's next hash; the database computes the same (`hall_chain_hash`)."""
    return hashlib.sha256((previous + content).encode()).hexdigest()


# One statement both databases run alike: the chain's row lock serialises the hall's audited
# writes from here to commit, and a writer that waited reads the head its predecessor left.
_EXTEND = (
    "UPDATE core_auditchain SET head = hall_chain_hash(head, %s), length = length + 1 "
    "WHERE id = %s RETURNING head, length"
)


def _extend_chain(chain: int, content: str) -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(_EXTEND, [content, chain])
        row = cursor.fetchone()
        if row is None:  # the hall's first record
            AuditChain.objects.get_or_create(pk=chain, defaults={"head": GENESIS, "length": 0})
            cursor.execute(_EXTEND, [content, chain])
            row = cursor.fetchone()
    return str(row[0]), int(row[1])


@dataclass(frozen=True)
class BrokenLink:
    chain: int
    position: int
    record_id: int | None
    problem: str


def verify_chains() -> Iterator[BrokenLink]:
    """The first broken link of each chain that has one."""
    for chain in AuditChain.objects.order_by("pk"):
        broken = _verify(chain)
        if broken is not None:
            yield broken


def _verify(chain: AuditChain) -> BrokenLink | None:
    previous, expected = GENESIS, 1
    records = AuditRecord.objects.filter(chain=chain.pk).order_by("chain_position")
    for record in records.iterator(chunk_size=2000):
        if record.chain_position != expected:
            return BrokenLink(chain.pk, expected, record.pk, "missing")
        if link_hash(previous, content_hash(record)) != record.chain_hash:
            return BrokenLink(chain.pk, expected, record.pk, "altered")
        previous, expected = record.chain_hash, expected + 1
    if chain.length != expected - 1 or chain.head != previous:
        return BrokenLink(chain.pk, expected, None, "missing at the end")
    return None


# --- helpers for callers --------------------------------------------------------------------


def field_changes(before: models.Model, after: models.Model, fields: list[str]) -> dict[str, Any]:
    """`{field: [old, new]}` for the fields that differ, in a form JSON can hold."""
    result = {}
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            result[name] = [_jsonable(old), _jsonable(new)]
    return result


def _jsonable(value: Any) -> Any:
    """Plain JSON values; anything else as text (dates, decimals, records, and personal
    values, which render masked)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)
