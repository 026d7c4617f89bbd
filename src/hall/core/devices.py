"""Devices without a staff login (hall.core.models.devices): pairing, the cookie that proves
a device, and revoking it. A page a device shows asks `device_of(request, …)` who it is;
its WebSocket asks `device_by_key(scope cookie)`, the same lookup."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hall.core import identifiers
from hall.core.audit import audit_record
from hall.core.errors import TooManyAttempts, WrongPairingCode
from hall.core.memo import KEPT_WHILE_HEARD, Memo
from hall.core.models import Device, DeviceKind, Hall, User, Window
from hall.core.ratelimit import allow, client_address

COOKIE = "hall_device"
COOKIE_YEARS = 10  # a pad lives beside its window for years; revoking it is the way out
PAIRING_CODE_LENGTH = 8
PAIRING_MINUTES = 15
PAIRING_ATTEMPTS_PER_MINUTE = 10  # per address: 31⁸ codes cannot be guessed at this rate


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def device_pairing_start(
    *, actor: User, hall: Hall, kind: DeviceKind, window: Window | None, via: str = ""
) -> tuple[Device, str]:
    """A device waiting to be paired, and the code (shown once) to type on it."""
    code = identifiers.spoken_code(PAIRING_CODE_LENGTH)
    device = Device.objects.create(
        hall=hall,
        kind=kind,
        window=window,
        name=str(window) if window else "",
        pairing_digest=_digest(code),
        pairing_expires_at=timezone.now() + datetime.timedelta(minutes=PAIRING_MINUTES),
        created_by=actor,
    )
    audit_record(actor=actor, action="device.pairing_started", target=device, hall=hall, via=via)
    return device, f"{code[:4]}-{code[4:]}"


def device_pair(
    *, request: HttpRequest, hall: Hall, kind: DeviceKind, window: Window | None, code: str
) -> str:
    """Pair the device `request` comes from with the code the office was given; answers the
    key for its cookie. A window has one device of a kind: the one paired before is revoked
    (a hall may have several big screens)."""
    if not allow(
        f"pair:{client_address(request)}", limit=PAIRING_ATTEMPTS_PER_MINUTE, per_seconds=60
    ):
        raise TooManyAttempts()
    typed = identifiers.normalize_spoken_code(code, PAIRING_CODE_LENGTH)
    if not typed:
        raise WrongPairingCode()
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        device = (
            # Of the device's own row: its window is on the nullable side of the join.
            Device.objects.select_for_update(of=("self",))
            .order_by("pk")
            .filter(
                pairing_digest=_digest(typed),
                pairing_expires_at__gt=now,
                revoked_at__isnull=True,
                hall=hall,
                kind=kind,
                window=window,
            )
            .first()
        )
        if device is None:
            raise WrongPairingCode()
        paired_before = Device.objects.filter(
            hall=hall, kind=kind, window=window, revoked_at__isnull=True
        ).exclude(key_digest="")
        if window is None:
            paired_before = paired_before.none()
        for old in paired_before:
            _revoke(old, actor=None, via="web", now=now)
        device.key_digest = _digest(key)
        device.pairing_digest = ""
        device.pairing_expires_at = None
        device.paired_at = now
        device.save(
            update_fields=["key_digest", "pairing_digest", "pairing_expires_at", "paired_at"]
        )
        audit_record(actor=None, action="device.paired", target=device, hall=hall, via="web")
    return key


def remember_device(request: HttpRequest, response: HttpResponse, key: str) -> None:
    response.set_cookie(
        COOKIE,
        key,
        max_age=COOKIE_YEARS * 365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _revoke(device: Device, *, actor: User | None, via: str, now: datetime.datetime) -> None:
    device.revoked_at = now
    device.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="device.revoked", target=device, hall=device.hall, via=via)


@transaction.atomic
def device_revoke(*, actor: User, device: Device, via: str = "") -> None:
    """The device is shown as not paired from its next request or connection on."""
    locked = Device.objects.select_for_update().get(pk=device.pk)
    if locked.revoked_at is None:
        _revoke(locked, actor=actor, via=via, now=timezone.now())


# Which device a key is: a window opening or pausing does not change it.
_devices: Memo[Device | None] = Memo(
    seconds=5.0,
    cleared_by=(Device, Window, Hall),
    unaffected_by=frozenset(Window.STATE_FIELDS),
    while_heard=KEPT_WHILE_HEARD,
)


def device_by_key(key: str | None) -> Device | None:
    """The paired device holding `key` (its cookie), or None."""
    if not key or len(key) > 100:
        return None
    digest = _digest(key)
    return _devices.get(
        digest,
        lambda: (
            Device.objects.select_related("hall", "window")
            .filter(key_digest=digest, revoked_at__isnull=True, hall__is_active=True)
            .first()
        ),
    )


def device_of(request: HttpRequest, *, kind: DeviceKind, window: Window | None) -> Device | None:
    """The device the request comes from, when it is a paired `kind` for `window`."""
    device = device_by_key(request.COOKIES.get(COOKIE))
    if device is None or device.kind != kind or device.window_id != (window.pk if window else None):
        return None
    return device
