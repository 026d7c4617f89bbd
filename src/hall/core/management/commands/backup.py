from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

NOTE = """\
Hall backup of {when}

This folder holds the database (hall.sqlite3) and the stored files (media/: archived
documents). It does NOT hold the keys. ID numbers and phone numbers inside are encrypted
with the personal-data key (pii.key in the data directory, or HALL_PII_KEY); without that
key they cannot be read back. Keep a copy of the key apart from this backup, in a safe place.

本备份包含数据库（hall.sqlite3）和存档文件（media/），不包含密钥。其中的身份证号和手机号
以个人信息密钥（数据目录中的 pii.key，或 HALL_PII_KEY）加密，没有该密钥无法恢复。
请将密钥另行妥善保存，不要与本备份放在一起。
"""


class Command(BaseCommand):
    help = "Back up the embedded database and stored files into a new folder (keys excluded)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", help="a folder to create the backup in")

    def handle(self, *args: Any, destination: str, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                _(
                    "On PostgreSQL back up with pg_dump. The keys (HALL_SECRET_KEY, "
                    "HALL_PII_KEY) are not in the database: keep them apart, safely."
                )
            )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(destination) / f"hall-backup-{stamp}"
        target.mkdir(mode=0o700, parents=True)
        copy = target / "hall.sqlite3"
        # SQLite's online backup: a consistent copy while the hall keeps working.
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        backup = sqlite3.connect(copy)
        try:
            source.backup(backup)
        finally:
            backup.close()
            source.close()
        os.chmod(copy, 0o600)
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.copytree(media, target / "media")
        (target / "README.txt").write_text(NOTE.format(when=stamp), encoding="utf-8")
        self.stdout.write(
            _("Backup written to %(folder)s. The keys are not in it: keep them apart.")
            % {"folder": target}
        )
