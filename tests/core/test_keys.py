"""Keys (ARCHITECTURE.md "Keys"): the embedded default makes its own, production brings them,
and the development constant that was once in the source opens nothing."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tarfile

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from hall.core import pii
from hall.core.checks import keys_and_data_directory
from hall.core.db.sqlite3.base import _readable_by_owner_only
from hall.core.models import AuditRecord, User
from hall.keys import LEGACY_DEVELOPMENT_KEY, Keys, load_keys
from tests.factories import UserFactory

POSTGRES_URL = "postgres://nobody@127.0.0.1:5432/nothing"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_embedded_default_makes_its_own_keys_readable_by_the_service_only(tmp_path):
    keys = load_keys(environ={}, data_dir=tmp_path, embedded=True)

    assert keys.made_here
    assert len(keys.secret_key) >= 60 and len(keys.pii_key) >= 60
    assert keys.secret_key != keys.pii_key
    assert LEGACY_DEVELOPMENT_KEY not in (keys.secret_key, keys.pii_key)
    assert mode(tmp_path / "secret.key") == 0o600
    assert mode(tmp_path / "pii.key") == 0o600
    assert (tmp_path / "pii.key").read_text().strip() == keys.pii_key
    # From then on, the same keys: a restart reads what the first start wrote.
    assert load_keys(environ={}, data_dir=tmp_path, embedded=True) == keys


def test_two_installations_get_different_keys(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = load_keys(environ={}, data_dir=tmp_path / "a", embedded=True)
    second = load_keys(environ={}, data_dir=tmp_path / "b", embedded=True)
    assert first.pii_key != second.pii_key and first.secret_key != second.secret_key


def test_keys_from_the_environment_win_and_no_file_is_written(tmp_path):
    keys = load_keys(
        environ={"HALL_SECRET_KEY": "s" * 50, "HALL_PII_KEY": "p" * 50},
        data_dir=tmp_path,
        embedded=True,
    )
    assert keys == Keys("s" * 50, "p" * 50, made_here=False, legacy_pii_key_kept=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "environ",
    [{}, {"HALL_SECRET_KEY": "s" * 50}, {"HALL_PII_KEY": "p" * 50}],
    ids=["no key", "no personal-data key", "no secret key"],
)
def test_postgresql_refuses_to_start_without_both_keys(tmp_path, environ):
    with pytest.raises(ImproperlyConfigured, match="must be set"):
        load_keys(environ=environ, data_dir=tmp_path, embedded=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["HALL_SECRET_KEY", "HALL_PII_KEY"])
def test_the_published_development_key_is_refused(tmp_path, name):
    environ = {"HALL_SECRET_KEY": "s" * 50, "HALL_PII_KEY": "p" * 50, name: LEGACY_DEVELOPMENT_KEY}
    with pytest.raises(ImproperlyConfigured, match="published"):
        load_keys(environ=environ, data_dir=tmp_path, embedded=False)


def test_an_installation_from_before_keeps_the_old_key_only_to_read_old_data(tmp_path):
    (tmp_path / "hall.sqlite3").write_bytes(b"")  # data written under the public key

    keys = load_keys(environ={}, data_dir=tmp_path, embedded=True)

    first, old = keys.pii_key.split(",")
    assert old == LEGACY_DEVELOPMENT_KEY and first != LEGACY_DEVELOPMENT_KEY
    assert keys.legacy_pii_key_kept


def test_hall_refuses_to_start_on_postgresql_without_keys(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"HALL_SECRET_KEY", "HALL_PII_KEY"}
    }
    env |= {"DATABASE_URL": POSTGRES_URL, "HALL_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "hall", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "HALL_SECRET_KEY and HALL_PII_KEY must be set" in result.stderr
    assert not (tmp_path / "secret.key").exists()


def test_a_shared_data_directory_and_old_data_are_told_loudly(settings, tmp_path):
    tmp_path.chmod(0o755)
    settings.DATA_DIR = tmp_path
    settings.KEYS = Keys("s", "p,old", made_here=True, legacy_pii_key_kept=True)

    assert [w.id for w in keys_and_data_directory()] == ["hall.W001", "hall.W002"]

    tmp_path.chmod(0o700)
    settings.KEYS = Keys("s", "p", made_here=True, legacy_pii_key_kept=False)
    assert keys_and_data_directory() == []


def test_the_database_file_is_made_readable_by_the_service_only(tmp_path):
    database = tmp_path / "hall.sqlite3"
    for name in ("hall.sqlite3", "hall.sqlite3-wal"):
        (tmp_path / name).write_bytes(b"")
        (tmp_path / name).chmod(0o644)

    _readable_by_owner_only(str(database))

    assert mode(database) == 0o600
    assert mode(tmp_path / "hall.sqlite3-wal") == 0o600


@pytest.mark.django_db
def test_a_new_key_first_still_finds_old_values_and_reencrypt_moves_them(settings):
    settings.PII_KEY = "old key"
    user = UserFactory(mobile="13800138000")
    settings.PII_KEY = "new key,old key"

    assert list(User.objects.filter(mobile__matches="13800138000")) == [user]
    assert User.objects.get(pk=user.pk).mobile.plaintext == "13800138000"

    call_command("pii", "reencrypt", stdout=open(os.devnull, "w"))  # noqa: SIM115

    settings.PII_KEY = "new key"  # the old key can go now
    fresh = User.objects.get(pk=user.pk)
    assert fresh.mobile.plaintext == "13800138000"
    assert list(User.objects.filter(mobile__matches="13800138000")) == [user]
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile_digest FROM core_user WHERE id = %s", [user.pk])
        assert cursor.fetchone()[0] == pii.digest("mobile", "13800138000")
    assert AuditRecord.objects.filter(action="personal_data.reencrypted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_backup_says_the_key_is_needed_and_does_not_hold_it(tmp_path, settings):
    UserFactory(mobile="13800138000")

    call_command("backup", str(tmp_path / "hall.tar.gz"), stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert mode(tmp_path / "hall.tar.gz") == 0o600
    with tarfile.open(tmp_path / "hall.tar.gz") as archive:
        archive.extractall(tmp_path / "out", filter="data")
    note = (tmp_path / "out" / "README.txt").read_text()
    assert "does NOT hold the keys" in note and "不包含密钥" in note
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            held = path.read_bytes()
            for key in settings.PII_KEY.split(","):
                assert key.encode() not in held
            assert settings.SECRET_KEY.encode() not in held
