"""Audit (X3): written in the change's transaction, never edited or removed."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from hall.core.audit import AuditOutsideTransaction, audit_record
from hall.core.choices import WindowState
from hall.core.models import AuditRecord, Window
from hall.core.models.audit import AppendOnly
from hall.core.services import window_set_state
from tests.factories import WindowFactory

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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite refuses deletes in the ORM only; see migration 0002",
)
def test_postgresql_refuses_deletes_in_raw_sql(record):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditrecord WHERE id = %s", [record.pk])
    assert AuditRecord.objects.filter(pk=record.pk).exists()


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
