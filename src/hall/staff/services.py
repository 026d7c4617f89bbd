"""Writes of staff (S1) that other apps and the demo make: each audited, in one transaction."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from hall.core.audit import audit_record
from hall.core.inputs import check_image
from hall.core.models import User, Window
from hall.staff.models import ABPair, StaffProfile


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


@transaction.atomic
def profile_set_photo(
    *, actor: User, profile: StaffProfile, photo: UploadedFile, via: str = ""
) -> StaffProfile:
    """The photo on the person's 工作标牌 (O2): checked as the model's field says (an image,
    jpg or png, at most 2 MB) before the old one is replaced."""
    locked = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    check_image(photo, StaffProfile._meta.get_field("photo").validators)
    old = locked.photo.name
    locked.photo.save(f"{locked.user_id}-{photo.name}", photo, save=False)
    locked.save(update_fields=["photo"])
    if old:  # the replaced file goes once the new one is recorded
        transaction.on_commit(lambda: locked.photo.storage.delete(old))
    audit_record(
        actor=actor,
        action="staff.photo_set",
        target=locked.user,
        changes={"photo": ["replaced" if old else None, "uploaded"]},
        via=via,
    )
    return locked
