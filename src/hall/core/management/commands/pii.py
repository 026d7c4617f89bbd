from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from hall.core.services import personal_data_reencrypt
from hall.keys import PII_FILE


class Command(BaseCommand):
    help = "Personal data: reencrypt rewrites every stored value under the current key."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "reencrypt",
            help="after a new key was put first in HALL_PII_KEY (or after an upgrade)",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        count = personal_data_reencrypt(via="cli")
        self.stdout.write(_("%(count)s values encrypted again.") % {"count": count})
        key_file = settings.DATA_DIR / PII_FILE
        if "HALL_PII_KEY" not in os.environ and key_file.exists():
            # The embedded default's own key file: the old keys are no longer needed.
            current = settings.PII_KEY.split(",")[0]
            key_file.write_text(current + "\n")
            self.stdout.write(_("Old keys removed from %(file)s.") % {"file": key_file})
        elif "," in settings.PII_KEY:
            self.stdout.write(_("The old keys after the first in HALL_PII_KEY may now be removed."))
