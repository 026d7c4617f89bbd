from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hall.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the stored files into one file while the hall serves "
        "(keys excluded). Without FILE: the data directory's backups/ folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the backup file to write (.tar.gz)")

    def handle(self, *args: Any, file: str | None, **options: Any) -> None:
        try:
            outcome = backup_create(Path(file) if file else None)
        except BackupError as failure:
            raise CommandError(failure.message) from None
        self.stdout.write(
            _("Backup written to %(path)s: %(rows)s rows in %(tables)s tables, %(files)s files.")
            % {
                "path": outcome.path,
                "rows": outcome.rows,
                "tables": outcome.tables,
                "files": outcome.files,
            }
        )
        self.stdout.write(
            _(
                "The keys are not in it: keep the personal-data key (HALL_PII_KEY or pii.key) "
                "apart and safe; without it the backup's ID numbers and phones cannot be read."
            )
        )
