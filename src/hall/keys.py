"""Where the secret key and the personal-data key come from (ARCHITECTURE.md, "Keys").

Production (PostgreSQL) takes both from the environment, `HALL_SECRET_KEY` and
`HALL_PII_KEY`, and refuses to start without them: several processes, often on several
machines, must share the same keys, and a key made up by one of them would be a silent
disaster. The embedded default (SQLite, one PC) must start with `make run` and no settings,
so it makes its own on first start: random keys in the data directory, readable by the
service's user only (`secret.key`, `pii.key`), used from then on. They are not in any backup
of the database: losing `pii.key` loses every ID number and phone.

This module is read by `hall.settings`, before Django is set up: it imports nothing of Django
but its exception.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SECRET_FILE = "secret.key"  # noqa: S105  # a file name, not a secret
PII_FILE = "pii.key"
# What versions before 0.2 used when no key was set. It is public (it was in the source), so
# it is refused as a key; an embedded installation that ran with it keeps it only to read
# its old data until `hall pii reencrypt` has rewritten that data under the new key.
LEGACY_DEVELOPMENT_KEY = "insecure-development-key-set-HALL_SECRET_KEY-in-production"


@dataclass(frozen=True)
class Keys:
    secret_key: str
    pii_key: str  # comma-separated: the first encrypts, all decrypt (rotation)
    made_here: bool  # the embedded default made (or read back) its own keys
    legacy_pii_key_kept: bool  # old data is still under the public development key


def _random_key() -> str:
    return secrets.token_urlsafe(48)


def _read_or_create(path: Path, make: str) -> tuple[str, bool]:
    """The key in `path`, written with `make` first if there is none (mode 0600).

    The key is written to a file of its own and then linked into place, which fails if the
    name exists: two processes starting at once end up with the same, complete key."""
    if path.exists():
        return path.read_text().strip(), False
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(make + "\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:
            return path.read_text().strip(), False
    finally:
        draft.unlink()
    return make, True


def is_shared(directory: Path) -> bool:
    """Whether other users of the machine may read or enter the data directory."""
    return bool(directory.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def load_keys(*, environ: Mapping[str, str], data_dir: Path, embedded: bool) -> Keys:
    secret_key = environ.get("HALL_SECRET_KEY", "").strip()
    pii_key = environ.get("HALL_PII_KEY", "").strip()
    if not embedded:
        missing = [
            name
            for name, value in (("HALL_SECRET_KEY", secret_key), ("HALL_PII_KEY", pii_key))
            if not value
        ]
        if missing:
            raise ImproperlyConfigured(
                f"{' and '.join(missing)} must be set when DATABASE_URL points at PostgreSQL: "
                "every server process needs the same keys (see README, 'Keys')."
            )
    made_here = False
    if not secret_key:
        secret_key, _created = _read_or_create(data_dir / SECRET_FILE, _random_key())
        made_here = True
    if not pii_key:
        # A database that exists before its key file was written with the public key.
        had_data = (data_dir / "hall.sqlite3").exists()
        first = _random_key()
        pii_key, _created = _read_or_create(
            data_dir / PII_FILE, f"{first},{LEGACY_DEVELOPMENT_KEY}" if had_data else first
        )
        made_here = True
    if secret_key == LEGACY_DEVELOPMENT_KEY or pii_key.split(",")[0] == LEGACY_DEVELOPMENT_KEY:
        raise ImproperlyConfigured(
            "The development key that was published with Hall's source cannot be used as a "
            "key: set HALL_SECRET_KEY and HALL_PII_KEY to random values of your own."
        )
    legacy_kept = LEGACY_DEVELOPMENT_KEY in pii_key.split(",")[1:]
    return Keys(secret_key, pii_key, made_here, legacy_kept)
