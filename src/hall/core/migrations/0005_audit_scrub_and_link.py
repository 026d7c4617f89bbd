"""The audit trail stops holding secrets and is linked into chains (X3); see 0004.

A migration of its own: on PostgreSQL, changing rows and then the table in one transaction
fails ("pending trigger events").
"""

from django.db import migrations
from django.utils import timezone

from hall.core.audit import GENESIS, content_hash, link_hash, without_secrets
from hall.core.db import audit_maintenance


def scrub_and_link(apps, schema_editor):
    AuditRecord = apps.get_model("core", "AuditRecord")
    AuditChain = apps.get_model("core", "AuditChain")
    with audit_maintenance(schema_editor.connection):
        scrubbed = 0
        for record in AuditRecord.objects.iterator(chunk_size=2000):
            cleaned = without_secrets(record.changes)
            if cleaned != record.changes:
                AuditRecord.objects.filter(pk=record.pk).update(changes=cleaned)
                scrubbed += 1
        if scrubbed:
            AuditRecord.objects.create(
                created_at=timezone.now(),
                action="audit.secrets_scrubbed",
                changes={"records": [None, scrubbed]},
                reason=(
                    "Passwords that older versions recorded from the user form were replaced "
                    "by the upgrade (migration core 0004); nothing else was changed."
                ),
                via="migration",
                chain=0,
            )
        heads: dict[int, tuple[str, int]] = {}
        for record in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
            chain = record.hall_id or 0
            previous, length = heads.get(chain, (GENESIS, 0))
            head = link_hash(previous, content_hash(record))
            heads[chain] = (head, length + 1)
            AuditRecord.objects.filter(pk=record.pk).update(
                chain=chain, chain_position=length + 1, chain_hash=head
            )
        AuditChain.objects.bulk_create(
            AuditChain(pk=chain, head=head, length=length)
            for chain, (head, length) in heads.items()
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_chain")]

    operations = [migrations.RunPython(scrub_and_link, migrations.RunPython.noop)]
