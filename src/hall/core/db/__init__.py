"""What the project asks of the databases beyond Django: the audit trail's triggers and the
one way past them.

The audit table refuses UPDATE, DELETE and TRUNCATE on both databases, and so does any other
record kept as an audit trail (a ticket's history: `append_only_create`). Two things may still
change it, both deliberately: Django's flush (tests empty every table between transactional
tests) and the data migrations that are themselves recorded in the trail. They run inside
`audit_maintenance`, which on PostgreSQL is a setting local to the transaction and on SQLite
a flag of the connection that only Hall's backend can read; a raw `DELETE` from psql or the
sqlite3 shell has neither and is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from typing import Any

POSTGRES_MAINTENANCE = "SET LOCAL hall.audit_maintenance = 'on'"

POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION hall_chain_hash(previous text, content text) RETURNS text AS $$
    SELECT encode(sha256(convert_to(previous || content, 'UTF8')), 'hex')
$$ LANGUAGE sql IMMUTABLE STRICT;
CREATE OR REPLACE FUNCTION core_auditrecord_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('hall.audit_maintenance', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditrecord_no_update ON core_auditrecord;
CREATE TRIGGER core_auditrecord_append_only_rows BEFORE UPDATE OR DELETE ON core_auditrecord
    FOR EACH ROW EXECUTE FUNCTION core_auditrecord_append_only();
CREATE TRIGGER core_auditrecord_append_only_truncate BEFORE TRUNCATE ON core_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditrecord_append_only();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS core_auditrecord_append_only_rows ON core_auditrecord;
DROP TRIGGER IF EXISTS core_auditrecord_append_only_truncate ON core_auditrecord;
"""
# SQLite has no TRUNCATE; a DELETE without WHERE fires the trigger like any other.
_SQLITE_REFUSE = "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END"
SQLITE_CREATE = [
    "DROP TRIGGER IF EXISTS core_auditrecord_no_update",
    "CREATE TRIGGER core_auditrecord_no_update BEFORE UPDATE ON core_auditrecord "
    f"WHEN NOT hall_audit_maintenance() {_SQLITE_REFUSE}",
    "DROP TRIGGER IF EXISTS core_auditrecord_no_delete",
    "CREATE TRIGGER core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord "
    f"WHEN NOT hall_audit_maintenance() {_SQLITE_REFUSE}",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditrecord_no_update",
    "DROP TRIGGER IF EXISTS core_auditrecord_no_delete",
]


def audit_triggers_create(connection: Any) -> None:
    """Refuse changes to the audit table (again: SQLite loses a table's triggers whenever a
    migration rebuilds it)."""
    statements = [POSTGRES_CREATE] if connection.vendor == "postgresql" else SQLITE_CREATE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def audit_triggers_drop(connection: Any) -> None:
    statements = [POSTGRES_DROP] if connection.vendor == "postgresql" else SQLITE_DROP
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@contextlib.contextmanager
def audit_maintenance(connection: Any) -> Iterator[None]:
    """Let the audit table be changed inside this block (flush, recorded data migrations).
    Must run inside a transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(POSTGRES_MAINTENANCE)
        yield
        return
    connection.audit_maintenance = True
    try:
        yield
    finally:
        connection.audit_maintenance = False


# Any other append-only table: one function on PostgreSQL, the same two triggers on SQLite.
POSTGRES_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION hall_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('hall.audit_maintenance', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {table}_append_only_rows ON {table};
CREATE TRIGGER {table}_append_only_rows BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION hall_append_only();
DROP TRIGGER IF EXISTS {table}_append_only_truncate ON {table};
CREATE TRIGGER {table}_append_only_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION hall_append_only();
"""


def append_only_create(connection: Any, table: str) -> None:
    """Make `table` refuse UPDATE, DELETE and TRUNCATE but under `audit_maintenance` (call it
    again after a migration that rebuilds the table on SQLite: the table loses its triggers)."""
    if connection.vendor == "postgresql":
        statements = [POSTGRES_APPEND_ONLY.format(table=table)]
    else:
        refuse = f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        statements = [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"WHEN NOT hall_audit_maintenance() {refuse}",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN NOT hall_audit_maintenance() {refuse}",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def append_only_drop(connection: Any, table: str) -> None:
    if connection.vendor == "postgresql":
        statements = [
            f"DROP TRIGGER IF EXISTS {table}_append_only_rows ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_append_only_truncate ON {table}",
        ]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def chain_hash(previous: str | None, content: str | None) -> str | None:
    """SQLite's `hall_chain_hash`, the same as PostgreSQL's (and hall.core.audit.link_hash)."""
    if previous is None or content is None:
        return None
    return hashlib.sha256((previous + content).encode()).hexdigest()
