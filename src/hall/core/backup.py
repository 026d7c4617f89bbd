"""Backup and restore (X5): the database and the stored files (media: archived PDFs, photos,
plans) in one file, taken while the hall serves, and brought back into an empty installation.

A backup is a gzipped tar: `manifest.json` (what it is, from which database, each table's
rows), the database (`database.sqlite3` through SQLite's online backup API, a consistent copy
while others write; `database.dump` from `pg_dump`, one snapshot), `media/` and a note.
It is written beside its destination and renamed into place only when complete, so a full
disk or a failure leaves no half backup. It holds no key: without the personal-data key its
ID numbers and phones cannot be read back (hall.keys).

A restore checks the file before it touches anything (a Hall backup of this database's
kind, no path outside its folders), refuses a server that is running and, without `force`,
an installation that holds data; it brings the database back in one step (SQLite's backup API
again; `pg_restore --single-transaction`), then the files, and counts every table's rows
against the manifest.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from hall.core.errors import DomainError
from hall.core.models import Hall, JobRun, User

FORMAT = "hall-backup"
VERSION = 1
NOTE = """\
Hall backup of {when}

This file holds the database and the stored files (media/: archived documents, photos). It
does NOT hold the keys. ID numbers and phone numbers inside are encrypted with the
personal-data key (pii.key in the data directory, or HALL_PII_KEY); without that key they
cannot be read back. Keep a copy of the key apart from this backup, in a safe place.

本备份包含数据库和存档文件（media/），不包含密钥。其中的身份证号和手机号以个人信息密钥
（数据目录中的 pii.key，或 HALL_PII_KEY）加密，没有该密钥无法恢复。
请将密钥另行妥善保存，不要与本备份放在一起。
"""
RUNNING_WITHIN = datetime.timedelta(seconds=90)  # a job ran this recently: a server is up


class BackupError(DomainError):
    code = "backup_failed"
    status = 400


@dataclass(frozen=True)
class Outcome:
    path: Path
    tables: int
    rows: int
    files: int


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _table_rows() -> dict[str, int]:
    """Every table's rows (Django's and the apps'), as the manifest records them."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  # names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore, the password in the environment."""
    database = settings.DATABASES["default"]
    options = [
        "-h",
        str(database.get("HOST") or "127.0.0.1"),
        "-p",
        str(database.get("PORT") or 5432),
    ]
    options += ["-U", str(database.get("USER") or "postgres"), "-d", str(database["NAME"])]
    environment = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    return options, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        # The PostgreSQL tools with the settings' own connection options: nothing typed by a user.
        subprocess.run(command, env=environment, check=True, capture_output=True, timeout=3600)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(_("%(tool)s is not installed.") % {"tool": command[0]}) from None
    except subprocess.CalledProcessError as failure:
        detail = failure.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise BackupError(
            _("%(tool)s failed: %(detail)s") % {"tool": command[0], "detail": " ".join(detail)}
        ) from None


def _dump_database(into: Path) -> str:
    if _vendor() == "sqlite":
        name = "database.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(into / name)
        try:
            source.backup(copy)  # a consistent copy while the hall keeps working
        finally:
            copy.close()
            source.close()
        return name
    name = "database.dump"
    options, environment = _pg_environment()
    _run(["pg_dump", "-Fc", "--no-owner", "-f", str(into / name), *options], environment)
    return name


def backup_create(destination: Path | None = None) -> Outcome:
    """Write one backup file (by default in the data directory's backups/); returns it."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if destination is None:
        destination = backup_directory() / f"hall-{stamp}.tar.gz"
    destination = Path(destination)
    if destination.exists():
        raise BackupError(_("%(path)s exists already.") % {"path": destination})
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial")
    media = Path(settings.MEDIA_ROOT)
    try:
        with tempfile.TemporaryDirectory(dir=destination.parent) as work:
            database = _dump_database(Path(work))
            rows = _table_rows()
            files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "vendor": _vendor(),
                "created_at": timezone.now().isoformat(),
                "database": database,
                "tables": rows,
                "files": len(files),
            }
            with tarfile.open(partial, "w:gz") as archive:
                _add_text(archive, "manifest.json", json.dumps(manifest, indent=1))
                _add_text(archive, "README.txt", NOTE.format(when=stamp))
                archive.add(Path(work) / database, arcname=database)
                for path in files:
                    archive.add(path, arcname=f"media/{path.relative_to(media)}", recursive=False)
            os.chmod(partial, 0o600)
            with open(partial, "rb") as written:
                os.fsync(written.fileno())
        partial.rename(destination)
    except OSError as failure:
        raise BackupError(
            _("The backup could not be written (%(reason)s); nothing was kept.")
            % {"reason": failure.strerror or type(failure).__name__}
        ) from None
    finally:
        partial.unlink(missing_ok=True)  # gone already when the backup is complete
    return Outcome(destination, len(rows), sum(rows.values()), len(files))


def _add_text(archive: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_directory() -> Path:
    return Path(settings.HALL_BACKUP_DIR or Path(settings.DATA_DIR) / "backups")


def backup_made_on(day: datetime.date) -> bool:
    return any(backup_directory().glob(f"hall-{day:%Y%m%d}-*.tar.gz"))


def backups_prune(keep: int) -> int:
    """Keep the newest `keep` backups the job made; returns how many were removed."""
    made = sorted(backup_directory().glob("hall-*.tar.gz"))
    old = made[: max(len(made) - keep, 0)]
    for path in old:
        path.unlink()
    return len(old)


# --- restore -----------------------------------------------------------------------------------


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(_("This file is not a Hall backup."))
    try:
        read = archive.extractfile("manifest.json")
        manifest = json.loads(read.read()) if read is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a Hall backup."))
    if manifest.get("version") != VERSION or manifest.get("database") not in archive.getnames():
        raise BackupError(_("This backup was written by another version of Hall."))
    if manifest.get("vendor") != _vendor():
        raise BackupError(
            _("This is a backup of a %(theirs)s database; this installation uses %(ours)s.")
            % {"theirs": manifest.get("vendor"), "ours": _vendor()}
        )
    return manifest


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except FileNotFoundError:
        raise BackupError(_("%(path)s does not exist.") % {"path": path}) from None
    except (tarfile.TarError, OSError, EOFError):
        raise BackupError(_("This file is damaged or is not a Hall backup.")) from None


def installation_is_empty() -> bool:
    return not (Hall.objects.exists() or User.objects.exists())


def server_running() -> bool:
    """A periodic job started within the last minute and a half: a server (or cron) is up."""
    since = timezone.now() - RUNNING_WITHIN
    return JobRun.objects.filter(last_started_at__gte=since).exists()


def backup_restore(path: Path, *, force: bool = False) -> Outcome:
    """Bring a backup back; refuses before changing anything when it cannot be done whole."""
    with _open(Path(path)) as archive:
        try:
            manifest = _manifest(archive)
            if server_running():
                raise BackupError(_("Hall is running here: stop its server (and cron) first."))
            if not force and not installation_is_empty():
                raise BackupError(
                    _("This installation holds data: restoring replaces all of it (--force).")
                )
            with tempfile.TemporaryDirectory(dir=settings.DATA_DIR) as work:
                archive.extractall(work, filter="data")
                _load_database(Path(work) / manifest["database"])
                files = _put_media(Path(work) / "media")
        except (tarfile.TarError, OSError, EOFError):
            raise BackupError(_("This file is damaged or is not a Hall backup.")) from None
    rows = _table_rows()
    differing = [t for t, n in manifest["tables"].items() if rows.get(t) != n]
    if differing:
        raise BackupError(
            _("The restored tables differ from the backup: %(tables)s.")
            % {"tables": ", ".join(differing[:5])}
        )
    return Outcome(Path(path), len(rows), sum(rows.values()), files)


def _load_database(copy: Path) -> None:
    connection.close()  # nothing of ours holds the tables while they are replaced
    if _vendor() == "sqlite":
        source = sqlite3.connect(copy)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            source.backup(target)  # the whole database replaced in one step
        finally:
            target.close()
            source.close()
        return
    options, environment = _pg_environment()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*command, *options, str(copy)], environment)


def _put_media(extracted: Path) -> int:
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    if not extracted.exists():
        media.mkdir(parents=True, exist_ok=True)
        return 0
    shutil.copytree(extracted, media)
    return sum(1 for p in media.rglob("*") if p.is_file())
