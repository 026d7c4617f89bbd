from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hall.core.audit import verify_chains
from hall.core.models import AuditChain, Hall

PROBLEMS = {
    "altered": gettext_lazy("changed after it was written"),
    "missing": gettext_lazy("a record is missing before it"),
    "missing at the end": gettext_lazy("records are missing at the end of the chain"),
}


class Command(BaseCommand):
    help = "The audit trail: verify walks every hall's chain and reports the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("verify", help="exit status 1 when a chain is broken")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        halls = dict(Hall.objects.values_list("pk", "code"))
        broken = list(verify_chains())
        for link in broken:
            record = f"#{link.record_id}" if link.record_id else "—"
            self.stdout.write(
                _(
                    "Chain %(chain)s: broken at position %(position)s (record %(record)s): "
                    "%(problem)s."
                )
                % {
                    "chain": halls.get(link.chain, _("(no hall)")),
                    "position": link.position,
                    "record": record,
                    "problem": PROBLEMS[link.problem],
                }
            )
        if broken:
            raise CommandError(_("The audit trail has been tampered with."))
        chains = AuditChain.objects.count()
        self.stdout.write(_("%(count)s chains verified: intact.") % {"count": chains})
