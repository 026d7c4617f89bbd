"""X4: the zh_Hans catalog is complete and compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.utils import translation

import hall

CATALOG = Path(hall.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_string_is_translated_and_none_is_fuzzy():
    catalog = polib.pofile(str(CATALOG))
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


def test_the_compiled_catalog_matches_the_source():
    catalog = polib.pofile(str(CATALOG))
    with translation.override("zh-hans"):
        stale = [
            e.msgid
            for e in catalog.translated_entries()
            if not e.msgid_plural
            and (
                translation.pgettext(e.msgctxt, e.msgid)
                if e.msgctxt
                else translation.gettext(e.msgid)
            )
            != e.msgstr
        ]
    assert stale == []


def test_no_source_string_is_missing_from_the_catalog(tmp_path):
    """Extract the strings afresh from a copy of the code and compare with the catalog."""
    copy = tmp_path / "hall"
    shutil.copytree(Path(hall.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--ignore=*/migrations/*",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "hall.settings",
            "PATH": "/usr/bin:/bin",
            "HALL_DATA_DIR": str(tmp_path),
        },
    )
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in fresh.untranslated_entries()] == []
