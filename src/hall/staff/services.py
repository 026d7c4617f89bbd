"""Writes of staff (S1) that other apps and the demo make: each audited, in one transaction."""

from __future__ import annotations

from django.db import transaction

from hall.core.audit import audit_record
from hall.core.models import User, Window
from hall.staff.models import ABPair


@transaction.atomic
def ab_pair_set(
    *, actor: User | None, window: Window, a_staff: User, b_staff: User, via: str = ""
) -> ABPair:
    """The window's A post and its B post (A岗/B岗): B covers when A is away (S3)."""
    pair, _created = ABPair.objects.update_or_create(
        window=window, defaults={"a_staff": a_staff, "b_staff": b_staff}
    )
    audit_record(
        actor=actor,
        action="staff.ab_pair_set",
        target=window,
        changes={"a": [None, a_staff.get_full_name()], "b": [None, b_staff.get_full_name()]},
        via=via,
    )
    return pair
