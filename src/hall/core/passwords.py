"""The password rule Django has no validator for: characters of several kinds."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = (
    lambda c: c in string.ascii_uppercase,
    lambda c: c in string.ascii_lowercase,
    lambda c: c.isdigit(),
    lambda c: not c.isalnum(),
)


class CharacterKinds:
    """At least `kinds` of: upper-case letters, lower-case letters, digits, other characters."""

    def __init__(self, kinds: int = 3) -> None:
        self.kinds = kinds

    def validate(self, password: str, user: Any = None) -> None:
        if sum(any(kind(c) for c in password) for kind in KINDS) < self.kinds:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(kinds)s of: capital letters, small letters, "
            "digits and other characters."
        ) % {"kinds": self.kinds}
