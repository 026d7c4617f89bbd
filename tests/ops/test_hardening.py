"""Hardening (#19): password guessing locks the account, then the address, for a while, on
the login page and the admin's alike; an idle staff session ends, a working one does not; the
password rule; the Content-Security-Policy on every answer; `hall check --deploy` clean with
the production settings (the browser side of the policy is in tests/browser/test_layouts)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from hall.core.models import AuditRecord
from hall.core.roles import Role
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOCKED = "登录失败次数过多"


def address() -> str:
    """A client address of its own for each test: the counts outlive a test in Redis."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def try_login(client: Client, username: str, password: str, path: str = "/accounts/login/"):
    return client.post(path, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(settings):
    person = UserFactory(username=f"staff-{secrets.token_hex(4)}", role=Role.WINDOW_STAFF)
    client = Client(REMOTE_ADDR=address())
    for _ in range(settings.HALL_LOGIN_FAILURES):
        assert LOCKED not in try_login(client, person.username, "wrong").content.decode()
    refused = try_login(client, person.username, PASSWORD)
    assert refused.status_code == 200 and LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # From anywhere else too: it is the account that is locked (and the admin's login).
    elsewhere = Client(REMOTE_ADDR=address())
    assert LOCKED in try_login(elsewhere, person.username, PASSWORD).content.decode()
    admin = try_login(elsewhere, person.username, PASSWORD, "/admin/login/")
    assert LOCKED in admin.content.decode()
    assert AuditRecord.objects.filter(action="auth.login_locked").count() == 1
    # Another account from a fresh address logs in as usual.
    other = UserFactory(username=f"staff-{secrets.token_hex(4)}", role=Role.WINDOW_STAFF)
    assert try_login(Client(REMOTE_ADDR=address()), other.username, PASSWORD).status_code == 302


def test_an_address_guessing_many_names_is_locked(settings):
    settings.HALL_LOGIN_ADDRESS_FAILURES = 4
    person = UserFactory(username=f"staff-{secrets.token_hex(4)}", role=Role.WINDOW_STAFF)
    client = Client(REMOTE_ADDR=address())
    for n in range(4):
        try_login(client, f"nobody-{n}-{secrets.token_hex(3)}", "guess")
    assert LOCKED in try_login(client, person.username, PASSWORD).content.decode()
    assert try_login(Client(REMOTE_ADDR=address()), person.username, PASSWORD).status_code == 302


def test_an_idle_session_ends_and_a_working_one_does_not(settings):
    settings.HALL_SESSION_IDLE_MINUTES = 120
    person = UserFactory(username=f"staff-{secrets.token_hex(4)}", role=Role.HALL_ADMIN)
    client = Client()
    with time_machine.travel("2026-12-01 08:30 +0800", tick=False) as clock:
        client.force_login(person)
        assert client.get("/dashboard/").status_code == 200
        for _ in range(5):  # a workstation asks every few minutes, all morning
            clock.shift(100 * 60)
            assert client.get("/dashboard/").status_code == 200
        clock.shift((settings.HALL_SESSION_IDLE_MINUTES + 1) * 60)  # then nobody for long
        gone = client.get("/dashboard/")
        assert gone.status_code == 302 and "/accounts/login/" in gone["Location"]


def test_passwords_of_ten_characters_of_three_kinds():
    for weak in ("Ab1", "abcdefghijk", "abcdefgh12", "12345678901"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Chuangkou-2026")
    person = UserFactory(username=f"staff-{secrets.token_hex(4)}", role=Role.WINDOW_STAFF)
    client = Client()
    client.force_login(person)
    assert client.get("/accounts/password/").status_code == 200
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xin-mima-2026",
            "new_password2": "Xin-mima-2026",
        },
    )
    assert changed.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Xin-mima-2026")


def test_every_answer_carries_the_policy(client):
    for path in ("/healthz", "/kiosk/none/", "/api/v1/halls/none/windows"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": "postgres://hall@127.0.0.1:5432/hall",  # read, never connected to
        "HALL_SECRET_KEY": secrets.token_urlsafe(50),
        "HALL_PII_KEY": secrets.token_urlsafe(50),
        "HALL_TLS": "1",
        "HALL_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "hall", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
