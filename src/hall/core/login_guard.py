"""Password guessing stops here (等保 2.0: login failure handling): after
HALL_LOGIN_FAILURES wrong passwords for one account, or HALL_LOGIN_ADDRESS_FAILURES from one
address, within HALL_LOGIN_LOCK_MINUTES, that account or address may not log in for as long,
even with the right password. The page and the admin's login share the rule; each lock is
logged and audited (the name typed, never the password).

The counts live in the cache: Redis when configured, shared by every process; the
process's memory in the embedded default."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hall.core import ratelimit
from hall.core.audit import audit_record

logger = logging.getLogger(__name__)


def _keys(request: HttpRequest | None, username: str) -> tuple[str, str]:
    address = ratelimit.client_address(request) if request is not None else "unknown"
    return f"login-account:{username.strip().lower()[:150]}", f"login-address:{address}"


class LoginGuard:
    """Mixed into Django's login forms: refuses while locked, counts each failure."""

    request: HttpRequest | None
    cleaned_data: dict

    def clean(self) -> dict:
        username = str(self.cleaned_data.get("username") or "")
        account, address = _keys(self.request, username)
        minutes = settings.HALL_LOGIN_LOCK_MINUTES
        if ratelimit.locked(account) or ratelimit.locked(address):
            raise forms.ValidationError(
                _("Too many failed logins: try again in %(minutes)s minutes.")
                % {"minutes": minutes},
                code="locked",
            )
        try:
            return super().clean()  # type: ignore[misc]  # Django's form, after this mixin
        except forms.ValidationError:
            for key, allowed in (
                (account, settings.HALL_LOGIN_FAILURES),
                (address, settings.HALL_LOGIN_ADDRESS_FAILURES),
            ):
                ratelimit.count_failure(key, allowed=allowed, lock_seconds=minutes * 60)
                if ratelimit.locked(key):
                    logger.warning("login locked for %s minutes: %s", minutes, key)
                    with transaction.atomic():
                        audit_record(
                            actor=None,
                            action="auth.login_locked",
                            changes={"locked": [None, key]},
                            via="web",
                        )
            raise


class GuardedLoginForm(LoginGuard, AuthenticationForm):
    pass


class GuardedAdminLoginForm(LoginGuard, AdminAuthenticationForm):
    pass
