"""Domain errors (X6): one base, one subclass per thing that can go wrong.

A service raises them; `hall.core.api` turns them into JSON and
`hall.core.middleware.DomainErrorMiddleware` into a page message, so neither a view nor an
endpoint ever builds an error response by hand.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Something the user asked for cannot be done; nothing was changed."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    default_message: ClassVar[str | Promise] = _("The request cannot be carried out.")

    def __init__(self, message: str | Promise | None = None, **params: Any) -> None:
        self.message_template = message if message is not None else self.default_message
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The message in the active language, with its parameters filled in."""
        text = str(self.message_template)
        return text % self.params if self.params else text

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


class NotFound(DomainError):
    """Also what a user sees for another hall's records: they must not learn they exist."""

    code = "not_found"
    status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You are not allowed to do this.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("This was changed by someone else; reload and try again.")


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422
    default_message = _("The input is not valid.")


class ReasonRequired(InvalidInput):
    """A step that people will ask about needs its reason (a pause, a refusal, a return)."""

    code = "reason_required"
    default_message = _("Please give a reason.")


class InvalidResidentId(InvalidInput):
    code = "invalid_resident_id"
    default_message = _("This is not a valid resident ID number.")


class InvalidCreditCode(InvalidInput):
    code = "invalid_credit_code"
    default_message = _("This is not a valid unified social credit code.")


class InvalidMobile(InvalidInput):
    code = "invalid_mobile"
    default_message = _("This is not a valid mainland mobile number.")


class InvalidDate(InvalidInput):
    code = "invalid_date"
    default_message = _("This is not a valid date.")


class InvalidTransition(Conflict):
    code = "invalid_transition"
    default_message = _("This cannot be done in the current state.")


class NotAllowedAtWindow(PermissionDenied):
    code = "not_allowed_at_window"
    default_message = _("You are not assigned to serve at this window.")


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    status = 429
    default_message = _("Too many attempts from this device; please wait a minute.")


class WrongPairingCode(InvalidInput):
    code = "wrong_pairing_code"
    default_message = _(
        "This pairing code is not right or has expired: ask the office for a new one."
    )
