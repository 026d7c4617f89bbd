"""Every audit record has its place in a chain; the table refuses UPDATE, DELETE and
TRUNCATE on both databases but for flush and recorded maintenance (hall.core.db). The triggers
come last: SQLite rebuilds the table for the constraint and loses a table's triggers."""

from django.db import migrations, models

from hall.core.db import audit_triggers_create


def create_triggers(apps, schema_editor):
    audit_triggers_create(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_scrub_and_link")]

    operations = [
        migrations.AlterField(
            model_name="auditrecord",
            name="chain_position",
            field=models.BigIntegerField(editable=False, verbose_name="position in the chain"),
        ),
        migrations.AddConstraint(
            model_name="auditrecord",
            constraint=models.UniqueConstraint(
                fields=("chain", "chain_position"), name="audit_one_record_per_link"
            ),
        ),
        migrations.RunPython(create_triggers, migrations.RunPython.noop),
    ]
