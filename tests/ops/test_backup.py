"""Backup and restore (#19): one file with the database and the stored files, taken while the
hall serves; a round trip brings back every table's rows, an archived PDF and a decrypted ID
number, on SQLite and on PostgreSQL; a damaged, foreign or other-database file, a running
server, a full disk and an installation holding data are refused before anything changes;
the daily job keeps the newest few."""

from __future__ import annotations

import datetime
import errno
import io
import json
import tarfile

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from hall.core import backup
from hall.core.backup import BackupError, backup_create, backup_restore
from hall.core.jobs import run_due_jobs
from hall.core.models import JobRun, User
from hall.reception.models import Visit
from tests.factories import HallFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ID_NUMBER = "11010519491231002X"
PDF = b"%PDF-1.4\n% an archived decision\n%%EOF\n"


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HALL_BACKUP_DIR = str(tmp_path / "backups")
    return settings.MEDIA_ROOT


def a_hall_with_data():
    hall = HallFactory(code="bk")
    desk = UserFactory(username="desk", hall=hall, mobile="13800138000")
    Visit.objects.create(
        hall=hall, at=timezone.now(), registered_by=desk, purpose="办证", id_number=ID_NUMBER
    )
    return default_storage.save("cases/archive/2026/decision.pdf", ContentFile(PDF))


def every_row() -> dict[str, list[str]]:
    """Every table's rows, each as text, in order: equal means the same data."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  # the catalogue's names
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def test_a_round_trip_brings_everything_back(media, tmp_path, capsys):
    pdf = a_hall_with_data()
    before = backup._table_rows()
    contents = every_row()
    call_command("backup", str(tmp_path / "hall.tar.gz"))
    said = capsys.readouterr().out
    assert "hall.tar.gz" in said and "HALL_PII_KEY" in said  # the key is needed, not inside
    with tarfile.open(tmp_path / "hall.tar.gz") as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
    assert {"manifest.json", "README.txt", f"media/{pdf}"} <= set(names)
    assert manifest["tables"] == before and manifest["files"] == 1

    with pytest.raises(BackupError, match="--force"):  # this installation holds data
        backup_restore(tmp_path / "hall.tar.gz")

    call_command("flush", interactive=False)
    default_storage.delete(pdf)
    assert not User.objects.exists()
    outcome = backup_restore(tmp_path / "hall.tar.gz")
    assert backup._table_rows() == before and outcome.files == 1
    assert every_row() == contents
    assert default_storage.open(pdf).read() == PDF
    assert Visit.objects.get().id_number.plaintext == ID_NUMBER
    assert User.objects.get(username="desk").mobile.plaintext == "13800138000"
    # Over data, with --force: the same again.
    call_command("restore", str(tmp_path / "hall.tar.gz"), "--force", stdout=io.StringIO())
    assert backup._table_rows() == before


def archive_of(path, members: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_bad_files_and_a_running_server_change_nothing(media, tmp_path):
    a_hall_with_data()
    before = backup._table_rows()
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(b"\x1f\x8b not really gzip" * 10)
    foreign = tmp_path / "foreign.tar.gz"
    archive_of(foreign, {"etc/passwd": b"root:x:0:0"})
    escaping = tmp_path / "escaping.tar.gz"
    manifest = {"format": "hall-backup", "version": 1, "vendor": "sqlite", "database": "d"}
    archive_of(escaping, {"manifest.json": json.dumps(manifest).encode(), "../../x": b"x"})
    other = tmp_path / "other.tar.gz"
    vendor = "postgresql" if backup._vendor() == "sqlite" else "sqlite"
    manifest = {**manifest, "vendor": vendor, "tables": {}}
    archive_of(other, {"manifest.json": json.dumps(manifest).encode(), "d": b""})
    for path, says in (
        (tmp_path / "missing.tar.gz", "不存在"),
        (damaged, "已损坏"),
        (foreign, "不是 Hall 的备份"),
        (escaping, "不是 Hall 的备份"),
        (other, vendor),
    ):
        with pytest.raises(CommandError, match=says):
            call_command("restore", str(path), "--force")
    backup_create(tmp_path / "good.tar.gz")
    JobRun.objects.create(name="outbox.deliver", last_started_at=timezone.now())
    with pytest.raises(BackupError, match="正在运行"):
        backup_restore(tmp_path / "good.tar.gz", force=True)
    assert backup._table_rows() == {**before, "core_jobrun": 1}


def test_a_full_disk_leaves_no_half_backup(media, tmp_path, monkeypatch):
    a_hall_with_data()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", no_space)
    folder = tmp_path / "full"
    with pytest.raises(BackupError, match="No space left"):
        backup_create(folder / "hall.tar.gz")
    assert list(folder.iterdir()) == []
    (folder / "taken.tar.gz").write_bytes(b"")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(folder / "taken.tar.gz"))


def test_the_daily_job_keeps_the_newest(media, settings):
    settings.HALL_BACKUP_KEEP = 2
    folder = backup.backup_directory()
    folder.mkdir(parents=True)
    for day in ("20261128", "20261129", "20261130"):
        (folder / f"hall-{day}-020000.tar.gz").write_bytes(b"old")
    zone = datetime.timezone(datetime.timedelta(hours=8))
    with time_machine.travel(datetime.datetime(2026, 12, 1, 1, 30, tzinfo=zone), tick=False):
        assert run_due_jobs(names=["backup.daily"])[0].summary == "not due"  # before 2:00
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 5, tzinfo=zone), tick=False):
        (ran,) = run_due_jobs(names=["backup.daily"])
    assert ran.succeeded and "2 old removed" in ran.summary
    assert sorted(p.name[:13] for p in folder.iterdir()) == ["hall-20261130", "hall-20261201"]
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=zone), tick=False):
        assert run_due_jobs(names=["backup.daily"])[0].summary == "not due"  # one a day
