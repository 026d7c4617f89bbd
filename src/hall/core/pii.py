"""Personal data at rest (X2): encrypted columns, keyed-hash look-up, masked rendering.

A model declares the value and its digest side by side:

    mobile = MobileField(_("mobile"), blank=True)
    mobile_digest = DigestField(source="mobile")

Reading `obj.mobile` gives a `PersonalValue`, whose `str()` is the masked form, so a template
or an admin list cannot show the full number by accident. Look-ups go through the digest:
`User.objects.filter(mobile__matches="13800138000")`. Showing the full value to a person is
`hall.core.services.personal_data_reveal`, which checks the permission and writes the audit.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from hall.core import identifiers, masking
from hall.core.errors import InvalidInput


@dataclass(frozen=True)
class _Kind:
    name: str
    normalize: Callable[[str], str]
    validate: Callable[[str], str]
    mask: Callable[[str], str]


KINDS: dict[str, _Kind] = {
    kind.name: kind
    for kind in (
        _Kind(
            "resident_id",
            identifiers.normalize_resident_id,
            identifiers.validate_resident_id,
            masking.mask_resident_id,
        ),
        _Kind(
            "credit_code",
            identifiers.normalize_credit_code,
            identifiers.validate_credit_code,
            masking.mask_credit_code,
        ),
        _Kind(
            "mobile", identifiers.normalize_mobile, identifiers.validate_mobile, masking.mask_mobile
        ),
    )
}


@dataclass(frozen=True)
class _KeyRing:
    fernet: MultiFernet  # encrypts with the first key, decrypts with any
    lookup: tuple[bytes, ...]  # one look-up key per secret, the current one first


@functools.lru_cache(maxsize=4)
def _key_ring(secret: str) -> _KeyRing:
    """Derive the encryption and look-up keys from HALL_PII_KEY.

    Several secrets separated by commas allow rotation: the first encrypts and makes the
    digests of new values, all decrypt and match, and `hall pii reencrypt` rewrites stored
    values and digests under the first so that the old secrets can then be dropped.
    """
    secrets = [s.strip() for s in secret.split(",") if s.strip()]

    def derive(material: str, purpose: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
            material.encode()
        )

    fernet = MultiFernet(
        [Fernet(base64.urlsafe_b64encode(derive(s, b"hall-pii-encryption"))) for s in secrets]
    )
    return _KeyRing(fernet, tuple(derive(s, b"hall-pii-lookup") for s in secrets))


def _ring() -> _KeyRing:
    return _key_ring(settings.PII_KEY)


def encrypt(plaintext: str) -> str:
    return _ring().fernet.encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _ring().fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "personal data cannot be decrypted with the configured HALL_PII_KEY"
        ) from None


def _digest_with(key: bytes, kind: str, value: str) -> str:
    canonical = KINDS[kind].normalize(value)
    return hmac.new(key, f"{kind}:{canonical}".encode(), hashlib.sha256).hexdigest()


def digest(kind: str, value: str) -> str:
    """Keyed hash of the canonical value: equal values match, nothing can be read back."""
    return _digest_with(_ring().lookup[0], kind, value)


def digests(kind: str, value: str) -> list[str]:
    """The value's digest under every configured key (a look-up during a key rotation)."""
    return [_digest_with(key, kind, value) for key in _ring().lookup]


@dataclass(frozen=True)
class PersonalValue:
    """A decrypted personal value that renders masked wherever it is turned into text."""

    kind: str
    plaintext: str = field(repr=False)

    @property
    def masked(self) -> str:
        return KINDS[self.kind].mask(self.plaintext)

    @property
    def last_four(self) -> str:
        return self.plaintext[-4:]

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"PersonalValue({self.kind!r}, {self.masked!r})"


def _form_validator(kind: _Kind) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        if value in (None, ""):
            return
        try:
            kind.validate(value.plaintext if isinstance(value, PersonalValue) else str(value))
        except InvalidInput as error:
            raise ValidationError(error.message, code=error.code) from None

    return validate


class PersonalDataFormField(forms.CharField):
    """Never puts the stored value into the page: the input starts empty, blank keeps it."""

    def prepare_value(self, value: Any) -> Any:
        return "" if isinstance(value, PersonalValue) else value


class _PersonalValueAttribute(DeferredAttribute):
    """Turns whatever is assigned (a typed-in string) into a `PersonalValue` at once, so the
    attribute renders masked even before the object is saved and read back."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = self.field.to_python(value)


if TYPE_CHECKING:  # reading the field gives a PersonalValue, which the type checker should know
    _CharField = models.CharField[Any, PersonalValue]
else:
    _CharField = models.CharField


class PersonalDataField(_CharField):
    """Base of the encrypted fields; a subclass names its kind."""

    kind_name: ClassVar[str]
    descriptor_class = _PersonalValueAttribute

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)  # a Fernet token of an 18-character value is ~120
        super().__init__(*args, **kwargs)
        # max_length bounds the ciphertext column, not what people type: check the kind instead.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.validators.append(_form_validator(KINDS[self.kind_name]))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return PersonalValue(self.kind_name, decrypt(value))

    def to_python(self, value: Any) -> Any:
        if value in (None, "") or isinstance(value, PersonalValue):
            return value
        return PersonalValue(self.kind_name, KINDS[self.kind_name].normalize(str(value)))

    def get_prep_value(self, value: Any) -> Any:
        value = self.to_python(value)
        if isinstance(value, PersonalValue):
            return encrypt(value.plaintext)
        return value

    def value_to_string(self, obj: models.Model) -> str:
        # Serialized dumps (dumpdata) carry the masked form, never the plaintext.
        value = self.value_from_object(obj)
        return str(value) if value else ""

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"matches", "isnull"}:
            raise FieldError(
                f"'{self.name}' is encrypted; filter with '{self.name}__matches' instead"
            )
        return super().get_lookup(lookup_name)

    def save_form_data(self, instance: models.Model, data: Any) -> None:
        if data in (None, "") and getattr(instance, self.attname):
            return  # left blank in a form: keep the stored value
        super().save_form_data(instance, data)

    def formfield(self, **kwargs: Any) -> Any:
        kwargs.setdefault("form_class", PersonalDataFormField)
        return super().formfield(**kwargs)


class ResidentIdField(PersonalDataField):
    kind_name = "resident_id"
    description = _("Resident ID number (encrypted)")


class CreditCodeField(PersonalDataField):
    kind_name = "credit_code"
    description = _("Unified social credit code (encrypted)")


class MobileField(PersonalDataField):
    kind_name = "mobile"
    description = _("Mobile number (encrypted)")


class DigestField(models.CharField):
    """The keyed hash of a sibling `PersonalDataField`, kept up to date on every save."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (
            ("max_length", 64),
            ("editable", False),
            ("blank", True),
            ("db_index", True),
        ):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        source = model_instance._meta.get_field(self.source)
        if not isinstance(source, PersonalDataField):
            raise ImproperlyConfigured(f"{self.source!r} is not a personal-data field")
        value = source.to_python(getattr(model_instance, self.source))
        value_digest = digest(source.kind_name, value.plaintext) if value else ""
        setattr(model_instance, self.attname, value_digest)
        return value_digest


@PersonalDataField.register_lookup
class Matches(Lookup):
    """`field__matches=value`: compares the digest column, so the plaintext never reaches SQL."""

    lookup_name = "matches"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        source = self.lhs.target
        digest_field = next(
            f
            for f in source.model._meta.fields
            if isinstance(f, DigestField) and f.source == source.name
        )
        column_sql, column_params = compiler.compile(Col(self.lhs.alias, digest_field))
        candidates = digests(source.kind_name, str(self.rhs))
        placeholders = ", ".join(["%s"] * len(candidates))
        return f"{column_sql} IN ({placeholders})", (*column_params, *candidates)
