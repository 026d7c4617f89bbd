"""Audit (X3): written in the change's transaction, never edited or removed."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from hall.core.audit import (
    NOT_RECORDED,
    AuditOutsideTransaction,
    audit_record,
    content_hash,
    link_hash,
    verify_chains,
)
from hall.core.choices import WindowState
from hall.core.db import audit_maintenance
from hall.core.models import AuditRecord, User, Window
from hall.core.models.audit import AppendOnly
from hall.core.services import window_set_state
from tests.factories import UserFactory, WindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(window_b1):
    with transaction.atomic():
        return audit_record(
            actor=None, action="test.done", target=window_b1, changes={"state": ["a", "b"]}
        )


def test_a_record_names_the_target_and_its_hall(record, window_b1):
    assert (record.target_repr, record.target_id, record.hall) == (
        str(window_b1),
        str(window_b1.pk),
        window_b1.hall,
    )


@pytest.mark.django_db(transaction=True)  # the usual test transaction would hide the mistake
def test_audit_outside_a_transaction_is_a_programming_error(window_b1):
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=None, action="test.done", target=window_b1)


def test_a_rolled_back_change_leaves_no_audit(window_b1):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():  # noqa: PT012  # the rollback is the point
        window_set_state(actor=None, window=window_b1, state=WindowState.CLOSED, reason="下班")
        raise Boom
    assert Window.objects.get(pk=window_b1.pk).state == WindowState.OPEN
    assert not AuditRecord.objects.filter(action="window.state_changed").exists()


def test_records_cannot_be_changed_through_the_orm(record):
    record.action = "rewritten"
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        AuditRecord.objects.filter(pk=record.pk).update(action="rewritten")
    with pytest.raises(AppendOnly):
        record.delete()
    with pytest.raises(AppendOnly):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(pk=record.pk).action == "test.done"


def test_the_database_refuses_updates_even_in_raw_sql(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditrecord SET action = 'rewritten' WHERE id = %s", [record.pk]
        )
    assert AuditRecord.objects.get(pk=record.pk).action == "test.done"


@pytest.mark.parametrize(
    "statement",
    ["DELETE FROM core_auditrecord WHERE id = %s", "DELETE FROM core_auditrecord"],
    ids=["one row", "every row"],
)
def test_the_database_refuses_deletes_even_in_raw_sql(record, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [record.pk] if "%s" in statement else [])
    assert AuditRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("statement", ["TRUNCATE core_auditrecord", "TRUNCATE core_hall CASCADE"])
def test_postgresql_refuses_truncate(record, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditRecord.objects.filter(pk=record.pk).exists()


def test_a_raw_connection_without_hall_cannot_delete_either(record, settings):
    """The sqlite3 shell or psql: no Hall backend, no way past the trigger."""
    if connection.vendor == "postgresql":
        import psycopg

        database = connection.settings_dict
        raw = psycopg.connect(
            host=database["HOST"] or "127.0.0.1",
            port=database["PORT"] or 5432,
            user=database["USER"],
            dbname=database["NAME"],
        )
    else:
        import sqlite3

        raw = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        with pytest.raises(Exception, match=r"append-only|no such function"):
            raw.execute("DELETE FROM core_auditrecord")
    finally:
        raw.close()


def test_setting_the_same_state_again_writes_nothing(hall_b):
    window = WindowFactory(hall=hall_b, state=WindowState.OPEN)
    window_set_state(actor=None, window=window, state=WindowState.OPEN)
    assert not AuditRecord.objects.filter(action="window.state_changed").exists()


def test_the_audit_is_readable_but_not_editable_in_the_admin(admin_b, window_b1):
    from tests.conftest import logged_in

    window_set_state(actor=admin_b, window=window_b1, state=WindowState.CLOSED, reason="下班")
    record = AuditRecord.objects.get(action="window.state_changed")
    client = logged_in(admin_b)
    listing = client.get("/admin/core/auditrecord/")
    assert listing.status_code == 200
    assert "window.state_changed" in listing.content.decode()
    detail = client.get(f"/admin/core/auditrecord/{record.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    client.post(f"/admin/core/auditrecord/{record.pk}/change/", {"action": "rewritten"})
    client.post(f"/admin/core/auditrecord/{record.pk}/delete/", {"post": "yes"})
    assert AuditRecord.objects.get(pk=record.pk).action == "window.state_changed"


# --- no secret in the trail ------------------------------------------------------------------


def test_secrets_never_reach_a_record_whatever_the_caller_passes(window_b1):
    with transaction.atomic():
        record = audit_record(
            actor=None,
            action="test.done",
            target=window_b1,
            changes={
                "password1": [None, "hunter2-long"],
                "api_token": [None, "hall_abc"],
                "nested": {"secret": "x", "state": "open"},
                "state": ["closed", "open"],
            },
        )
    stored = AuditRecord.objects.get(pk=record.pk).changes
    assert stored == {
        "password1": NOT_RECORDED,
        "api_token": NOT_RECORDED,
        "nested": {"secret": NOT_RECORDED, "state": "open"},
        "state": ["closed", "open"],
    }


def test_creating_a_user_in_the_admin_audits_no_password_and_masks_the_phone(admin_b):
    from tests.conftest import logged_in

    client = logged_in(admin_b)
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "newcomer",
            "full_name": "新同事",
            "hall": admin_b.hall_id,
            "password1": "Very-secret-pass-2026",
            "password2": "Very-secret-pass-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = AuditRecord.objects.get(action="user.created")
    text = str(record.changes) + record.reason + record.target_repr
    assert "Very-secret-pass-2026" not in text
    assert "password1" not in record.changes and "password2" not in record.changes
    assert record.changes["username"] == [None, "newcomer"]

    user = User.objects.get(username="newcomer")
    client.post(
        f"/admin/core/user/{user.pk}/change/",
        {
            "username": "newcomer",
            "full_name": "新同事",
            "mobile": "13800138000",
            "hall": admin_b.hall_id,
            "is_active": "on",
        },
    )
    changed = AuditRecord.objects.get(action="user.changed")
    assert changed.changes["mobile"] == ["", "138****8000"]
    assert "13800138000" not in str(changed.changes)


def test_a_password_change_is_audited_without_the_password(admin_b):
    from tests.conftest import logged_in

    user = UserFactory(hall=admin_b.hall, username="staffer")
    client = logged_in(admin_b)
    response = client.post(
        f"/admin/core/user/{user.pk}/password/",
        {"password1": "Another-secret-2026", "password2": "Another-secret-2026"},
    )
    assert response.status_code == 302
    record = AuditRecord.objects.get(action="user.password_changed")
    assert (record.actor, record.target_id, record.changes) == (admin_b, str(user.pk), {})
    assert not AuditRecord.objects.filter(changes__icontains="Another-secret").exists()


# --- the chain -----------------------------------------------------------------------------------


def _records(hall, count):
    with transaction.atomic():
        return [
            audit_record(actor=None, action=f"test.{n}", hall=hall, changes={"n": [None, n]})
            for n in range(count)
        ]


def test_each_hall_has_its_own_chain_and_it_verifies(hall_a, hall_b):
    first = _records(hall_a, 3)
    other = _records(hall_b, 2)

    assert [r.chain_position for r in first] == [1, 2, 3]
    assert [r.chain_position for r in other] == [1, 2]
    assert first[1].chain_hash == link_hash(first[0].chain_hash, content_hash(first[1]))
    assert list(verify_chains()) == []


def _tamper(sql, params):
    with transaction.atomic(), audit_maintenance(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_names_the_first_record_someone_changed(hall_a):
    records = _records(hall_a, 4)
    _tamper("UPDATE core_auditrecord SET reason = 'edited' WHERE id = %s", [records[2].pk])

    (broken,) = verify_chains()
    assert (broken.chain, broken.position, broken.record_id, broken.problem) == (
        hall_a.pk,
        3,
        records[2].pk,
        "altered",
    )


def test_verify_names_where_records_were_removed(hall_a):
    records = _records(hall_a, 4)
    _tamper("DELETE FROM core_auditrecord WHERE id = %s", [records[1].pk])
    (broken,) = verify_chains()
    assert (broken.position, broken.record_id, broken.problem) == (2, records[2].pk, "missing")


def test_verify_sees_the_last_records_removed(hall_a):
    records = _records(hall_a, 3)
    _tamper("DELETE FROM core_auditrecord WHERE id = %s", [records[2].pk])
    (broken,) = verify_chains()
    assert (broken.position, broken.problem) == (3, "missing at the end")


def test_the_verify_command_fails_on_a_broken_chain(hall_a):
    from django.core.management import CommandError, call_command

    records = _records(hall_a, 2)
    out = io.StringIO()
    with translation.override("en"):
        call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue()

    _tamper("UPDATE core_auditrecord SET action = 'x' WHERE id = %s", [records[0].pk])
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=out)
    assert "hall-a" in out.getvalue() and f"#{records[0].pk}" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_a_chain(hall_a):
    """Writers in threads: each record gets its own place, and the chain verifies."""
    from tests.threads import run_in_threads

    def write(index):
        for n in range(5):
            with transaction.atomic():
                audit_record(
                    actor=None, action="test.thread", hall=hall_a, changes={"n": [index, n]}
                )

    run_in_threads(write, count=8)

    positions = sorted(
        AuditRecord.objects.filter(chain=hall_a.pk).values_list("chain_position", flat=True)
    )
    assert positions == list(range(1, 41))
    assert list(verify_chains()) == []


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_scrubs_old_passwords_records_that_it_did_and_links_the_chain(hall_a):
    """Migration core 0005 on a trail written by an older version (passwords in clear)."""
    from django.core.management import call_command

    call_command("migrate", "core", "0003", verbosity=0)
    try:
        with connection.cursor() as cursor:
            for changes in ('{"password1": [null, "Old-secret-1"]}', '{"state": ["a", "b"]}'):
                cursor.execute(
                    "INSERT INTO core_auditrecord (created_at, hall_id, actor_name, action, "
                    "target_id, target_repr, changes, reason, via) "
                    "VALUES (%s, %s, '', 'user.created', '', '', %s, '', 'admin')",
                    [datetime.datetime.now(tz=datetime.UTC), hall_a.pk, changes],
                )
    finally:
        # Every app forward again: going back to core 0003 also unapplied the apps whose
        # migrations depend on later ones (their tables gone for the tests that follow).
        call_command("migrate", verbosity=0)

    assert not AuditRecord.objects.filter(changes__icontains="Old-secret").exists()
    scrub = AuditRecord.objects.get(action="audit.secrets_scrubbed")
    assert scrub.changes == {"records": [None, 1]}
    assert AuditRecord.objects.filter(chain=hall_a.pk).count() == 2
    assert list(verify_chains()) == []
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord")
