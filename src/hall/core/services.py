"""Writes of the core app: one function per use case, each in one transaction with its audit."""

from __future__ import annotations

import copy
import hashlib
import secrets
from collections.abc import Iterable

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from hall.core import calendar
from hall.core.access import AnyUser, require_permission
from hall.core.audit import audit_record
from hall.core.choices import CalendarDayKind, CalendarSource, WindowState
from hall.core.errors import InvalidInput, ReasonRequired
from hall.core.events import HallNoticeChanged, WindowStateChanged, WindowStateChanging, emit
from hall.core.memo import KEPT_WHILE_HEARD, Memo, through
from hall.core.models import ApiToken, CalendarDay, CalendarYear, Hall, User, Window
from hall.core.pii import DigestField, PersonalDataField, PersonalValue, digest

# States that need a reason, because visitors will ask why the window is not serving.
STATES_NEEDING_REASON = frozenset({WindowState.PAUSED, WindowState.CLOSED})


@transaction.atomic
def window_set_state(
    *, actor: User | None, window: Window, state: WindowState, reason: str = "", via: str = ""
) -> Window:
    """Open, pause, close or mark a window unstaffed (O1): the one path every screen and the
    API take. A no-op when nothing changes. Apps that know why a window must not stop (the
    queue: a person is at it) refuse in a `WindowStateChanging` listener; the boards hear of
    the change from `WindowStateChanged`."""
    reason = reason.strip()
    locked = Window.objects.select_for_update().get(pk=window.pk)
    if state in STATES_NEEDING_REASON and not reason and locked.state != state:
        raise ReasonRequired()
    if locked.state == state and locked.state_reason == reason:
        return locked
    about = {"hall_id": locked.hall_id, "window_id": locked.pk, "number": locked.number}
    emit(WindowStateChanging(**about, state_from=locked.state, state_to=state.value))
    before = [locked.state, locked.state_reason]
    locked.state = state
    locked.state_reason = reason
    locked.state_changed_at = timezone.now()
    locked.save(update_fields=Window.STATE_FIELDS)
    audit_record(
        actor=actor,
        action="window.state_changed",
        target=locked,
        changes={"state": [before[0], state.value], "state_reason": [before[1], reason]},
        reason=reason,
        via=via,
    )
    emit(WindowStateChanged(**about, state=state.value, reason=reason))
    return locked


@transaction.atomic
def hall_notice_set(*, actor: User | None, hall: Hall, text: str, via: str = "") -> Hall:
    """The line the hall's boards scroll (empty clears it); the boards show it at once."""
    if actor is not None:
        require_permission(actor, "core.change_hall")
    locked = Hall.objects.select_for_update().get(pk=hall.pk)
    text = text.strip()
    if locked.board_notice == text:
        return locked
    before, locked.board_notice = locked.board_notice, text
    locked.save(update_fields=["board_notice"])
    audit_record(
        actor=actor,
        action="hall.notice_set",
        target=locked,
        changes={"board_notice": [before, text]},
        via=via,
    )
    emit(HallNoticeChanged(hall_id=locked.pk, text=text))
    return locked


@transaction.atomic
def user_password_changed(*, actor: User | None, user: User, via: str = "") -> None:
    """Record that a password was changed: who and when, never the password itself."""
    audit_record(actor=actor, action="user.password_changed", target=user, via=via)


TOKEN_PREFIX = "hall_"  # noqa: S105  # marks our tokens in logs and secret scanners


def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: User | None, user: User, name: str, via: str = ""
) -> tuple[ApiToken, str]:
    """A new bearer token for `user`. The plaintext is returned once and never stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name or "token",
        prefix=key[: len(TOKEN_PREFIX) + 6],
        key_digest=_token_digest(key),
    )
    audit_record(actor=actor, action="api_token.created", target=token, hall=user.hall, via=via)
    return token, key


# Every API request asks who its token belongs to: each process keeps the answer briefly.
# A revoked token or a changed user stops at once in this process, and in the others as soon
# as they hear of it (within seconds when they cannot: hall.core.memo).
TOKEN_MEMO_SECONDS = 5.0
_token_users: Memo[User | None] = Memo(
    seconds=TOKEN_MEMO_SECONDS,
    unaffected_by=frozenset({"last_login"}),
    while_heard=KEPT_WHILE_HEARD,
    cleared_by=(ApiToken, User, Hall, through(User, "groups"), through(User, "departments")),
)


def _token_user(digest: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user__hall")
        .filter(key_digest=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a device polling many times a second must not write each time.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.user
    user.get_all_permissions()  # read the roles now, so that every copy carries them
    return user


def api_token_authenticate(key: str) -> User | None:
    """The active user behind a bearer token, or None.

    Each request gets its own copy of the remembered user, so that nothing one request sets
    on it is seen by another."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    digest = _token_digest(key)
    user = _token_users.get(digest, lambda: _token_user(digest))
    return copy.copy(user) if user is not None else None


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken, via: str = "") -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _token_users.clear()
    audit_record(
        actor=actor, action="api_token.revoked", target=token, hall=token.user.hall, via=via
    )


@transaction.atomic
def personal_data_reveal(
    *, actor: AnyUser, instance: models.Model, field_name: str, via: str = ""
) -> str:
    """The full value of a personal-data field, for someone allowed to see it; always audited."""
    require_permission(actor, "core.reveal_personal_data")
    field = instance._meta.get_field(field_name)
    if not isinstance(field, PersonalDataField):
        raise InvalidInput()
    value = getattr(instance, field_name)
    if not isinstance(value, PersonalValue):
        return ""
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action="personal_data.revealed",
        target=instance,
        changes={"field": [field_name, value.masked]},
        via=via,
    )
    return value.plaintext


@transaction.atomic
def calendar_import_from_package(
    *, actor: User | None = None, years: Iterable[int] | None = None, via: str = ""
) -> list[int]:
    """Copy the chinese-calendar package's holidays and make-up workdays into the table.

    Without `years`, every year the package knows that the table has not confirmed yet.
    A year an administrator entered or edited by hand (source "manual") is never overwritten:
    a local correction must survive a package upgrade. Returns the years imported.
    """
    from chinese_calendar import constants

    available = set(calendar.package_years())
    if years is None:
        confirmed = set(
            CalendarYear.objects.filter(is_confirmed=True).values_list("year", flat=True)
        )
        wanted = sorted(available - confirmed)
    else:
        wanted = sorted(set(years) & available)
    manual = set(
        CalendarYear.objects.filter(year__in=wanted, source=CalendarSource.MANUAL).values_list(
            "year", flat=True
        )
    )
    chinese_names = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    imported = []
    for year in wanted:
        if year in manual:
            continue
        rows = [
            CalendarDay(date=day, kind=kind, name=chinese_names.get(name, name))
            for table, kind in (
                (constants.holidays, CalendarDayKind.HOLIDAY),
                (constants.workdays, CalendarDayKind.WORKDAY),
            )
            for day, name in table.items()
            if day.year == year
        ]
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(rows)
        calendar_year, _created = CalendarYear.objects.update_or_create(
            year=year, defaults={"is_confirmed": True, "source": CalendarSource.PACKAGE}
        )
        imported.append(year)
        audit_record(
            actor=actor,
            action="calendar.year_imported",
            target=calendar_year,
            changes={"days": [None, len(rows)]},
            via=via,
        )
    return imported


@transaction.atomic
def calendar_day_record_edit(
    *, actor: User | None, day: CalendarDay, deleted: bool = False, via: str = ""
) -> None:
    """Note an administrator's edit of a calendar day: the year becomes hand-kept.

    From then on the package import leaves the year alone; whether it is confirmed stays as it
    was (a new year is confirmed with the admin's "confirm" action once it is complete).
    """
    calendar_year, _created = CalendarYear.objects.get_or_create(
        year=day.date.year, defaults={"is_confirmed": False, "source": CalendarSource.MANUAL}
    )
    if calendar_year.source != CalendarSource.MANUAL:
        calendar_year.source = CalendarSource.MANUAL
        calendar_year.save(update_fields=["source", "updated_at"])
    audit_record(
        actor=actor,
        action="calendar.day_deleted" if deleted else "calendar.day_saved",
        target=day,
        changes={"kind": [None, day.kind], "name": [None, day.name]},
        via=via,
    )


@transaction.atomic
def calendar_year_confirm(*, actor: User | None, year: int, via: str = "") -> CalendarYear:
    calendar_year, _created = CalendarYear.objects.get_or_create(
        year=year, defaults={"source": CalendarSource.MANUAL}
    )
    if not calendar_year.is_confirmed:
        calendar_year.is_confirmed = True
        calendar_year.save(update_fields=["is_confirmed", "updated_at"])
        audit_record(
            actor=actor,
            action="calendar.year_confirmed",
            target=calendar_year,
            changes={"is_confirmed": [False, True]},
            via=via,
        )
    return calendar_year


def _personal_data_columns() -> list[tuple[type[models.Model], PersonalDataField, str | None]]:
    """Every encrypted column of every model, with the name of its digest column."""
    columns = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        for field in fields:
            if isinstance(field, PersonalDataField):
                digest_name = next(
                    (
                        f.attname
                        for f in fields
                        if isinstance(f, DigestField) and f.source == field.name
                    ),
                    None,
                )
                columns.append((model, field, digest_name))
    return columns


def personal_data_reencrypt(*, batch: int = 500, via: str = "cli") -> int:
    """Rewrite every stored ID number, credit code and phone under the current personal-data
    key, digests included, so that old keys can be dropped from HALL_PII_KEY. Returns the
    number of values rewritten; each batch is its own short transaction."""
    rewritten = 0
    for model, field, digest_name in _personal_data_columns():
        rows = model._base_manager.all()
        last_pk: object = None
        while True:
            chunk = rows.order_by("pk")
            if last_pk is not None:
                chunk = chunk.filter(pk__gt=last_pk)
            values = list(chunk.values_list("pk", field.attname)[:batch])
            if not values:
                break
            with transaction.atomic():
                for pk, value in values:
                    if not isinstance(value, PersonalValue):
                        continue  # empty
                    # Read back decrypted (with any key), saved encrypted with the current one.
                    update: dict[str, object] = {field.attname: value}
                    if digest_name:
                        update[digest_name] = digest(field.kind_name, value.plaintext)
                    model._base_manager.filter(pk=pk).update(**update)
                rewritten += sum(isinstance(value, PersonalValue) for _pk, value in values)
            last_pk = values[-1][0]
    with transaction.atomic():
        audit_record(
            actor=None,
            action="personal_data.reencrypted",
            changes={"values": [None, rewritten]},
            via=via,
        )
    return rewritten
