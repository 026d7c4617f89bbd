"""The spoken call from recorded clips (Q4): which clips a call plays, and serving them."""

from __future__ import annotations

import io
import shutil
import wave

import pytest
from django.core.management import call_command
from django.test import Client

from hall.queueing.voice import clip_texts, clips_for


def test_a_call_is_its_letters_and_digits_one_by_one_and_the_window_as_a_numeral():
    assert clips_for("A001", 12) == [
        "please",
        "letter-a",
        "digit-0",
        "digit-0",
        "digit-1",
        "number",
        "to",
        "ten",
        "digit-2",
        "window",
    ]
    numerals = {n: clips_for("B1", n)[5:-1] for n in (1, 10, 20, 21, 100, 101, 110, 1005)}
    assert numerals == {
        1: ["digit-1"],
        10: ["ten"],
        20: ["digit-2", "ten"],
        21: ["digit-2", "ten", "digit-1"],
        100: ["digit-1", "hundred"],
        101: ["digit-1", "hundred", "digit-0", "digit-1"],
        110: ["digit-1", "hundred", "digit-1", "ten"],
        1005: ["digit-1", "thousand", "digit-0", "digit-5"],
    }
    assert set(clips_for("Z999", 9999)) <= set(clip_texts())


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is a system package")
def test_the_clips_are_built_once_and_served_to_the_boards(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("voice", "build", stdout=io.StringIO())
    with wave.open(str(tmp_path / "voice" / "digit-7.wav")) as clip:
        assert clip.getnframes() > clip.getframerate() / 10  # a real word, not silence
    answer = Client().get("/voice/digit-7.wav")
    assert answer.status_code == 200 and answer["Content-Type"] == "audio/wav"
    assert b"".join(answer.streaming_content)[:4] == b"RIFF"
    assert Client().get("/voice/rm-rf.wav").status_code == 404  # only clips, by name
    assert Client().get("/voice/digit-7.mp3").status_code == 404


def test_a_clip_not_built_is_not_found(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert Client().get("/voice/digit-7.wav").status_code == 404
