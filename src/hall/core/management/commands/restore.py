from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Bring back a backup written by `hall backup` into this (empty) installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file (.tar.gz)")
        parser.add_argument(
            "--force", action="store_true", help="replace the data this installation holds"
        )

    def handle(self, *args: Any, file: str, force: bool, **options: Any) -> None:
        try:
            outcome = backup_restore(Path(file), force=force)
        except BackupError as failure:
            raise CommandError(failure.message) from None
        self.stdout.write(
            _(
                "Restored %(rows)s rows in %(tables)s tables and %(files)s files; "
                "they match the backup."
            )
            % {"rows": outcome.rows, "tables": outcome.tables, "files": outcome.files}
        )
        self.stdout.write(
            _(
                "The ID numbers and phones need the personal-data key the backup was taken "
                "under: set it (HALL_PII_KEY or pii.key) before starting. Then run "
                "`hall migrate` if this Hall is newer than the backup."
            )
        )
