"""The audit trail becomes tamper-evident and stops holding secrets (X3), in three steps:

0004 the chain's table and columns (the old trigger goes: the next step changes rows);
0005 older versions audited the admin's user form as it was, passwords included: those values
     are replaced, the one change ever made to audit records, and a record says so; then every
     record is linked into its hall's chain (`chain_hash` = hash of the previous hash and the
     record's content), oldest first;
0006 UPDATE, DELETE and TRUNCATE are refused on both databases.
"""

from django.db import migrations, models

from hall.core.db import audit_triggers_drop

OLD_POSTGRES_TRIGGER = "DROP TRIGGER IF EXISTS core_auditrecord_no_update ON core_auditrecord"
OLD_SQLITE_TRIGGER = "DROP TRIGGER IF EXISTS core_auditrecord_no_update"
RESTORE_POSTGRES_TRIGGER = """
CREATE OR REPLACE FUNCTION core_auditrecord_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditrecord_no_update BEFORE UPDATE OR DELETE ON core_auditrecord
    FOR EACH ROW EXECUTE FUNCTION core_auditrecord_append_only();
"""
RESTORE_SQLITE_TRIGGER = """
CREATE TRIGGER core_auditrecord_no_update BEFORE UPDATE ON core_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END
"""


def drop_old_trigger(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(OLD_POSTGRES_TRIGGER if postgres else OLD_SQLITE_TRIGGER)


def restore_old_trigger(apps, schema_editor):
    audit_triggers_drop(schema_editor.connection)
    postgres = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(RESTORE_POSTGRES_TRIGGER if postgres else RESTORE_SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_outboxmessage")]

    operations = [
        migrations.RunPython(drop_old_trigger, restore_old_trigger),
        migrations.CreateModel(
            name="AuditChain",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("head", models.CharField(max_length=64)),
                ("length", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "audit chain", "verbose_name_plural": "audit chains"},
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="chain",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="chain"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="chain_position",
            field=models.BigIntegerField(
                null=True, editable=False, verbose_name="position in the chain"
            ),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="chain_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="chain hash"
            ),
            preserve_default=False,
        ),
    ]
