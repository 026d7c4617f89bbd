"""The spoken call (Q4) as recorded clips, so that a board PC without a Chinese voice (common
on an intranet's Linux and kiosk PCs) still speaks: "请 A001 号到 12 号窗口办理" is played as
请 · A · 零 · 零 · 一 · 号 · 到 · 十 · 二 · 号窗口办理.

The clips are made once, offline, by espeak-ng's Mandarin voice (Debian's package), with
`hall voice build` (which `hall demo` runs); the boards fetch them from the hall's own server.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.conf import settings

DIGITS = "零一二三四五六七八九"
WORDS = {
    "please": "请",
    "number": "号",
    "to": "到",
    "window": "号窗口办理",
    "ten": "十",
    "hundred": "百",
    "thousand": "千",
}


def clip_texts() -> dict[str, str]:
    """Every clip's name and what it says."""
    texts = dict(WORDS)
    texts |= {f"digit-{n}": DIGITS[n] for n in range(10)}
    texts |= {f"letter-{c.lower()}": c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    return texts


def _numeral(n: int) -> list[str]:
    """A window's number read as a Chinese numeral (1 to 9999): 12 十二, 101 一百零一."""
    if n < 10:
        return [f"digit-{n}"]
    if n < 20:
        return ["ten"] + ([f"digit-{n % 10}"] if n % 10 else [])
    words: list[str] = []
    started = zero = False
    for value, unit in ((1000, "thousand"), (100, "hundred"), (10, "ten")):
        digit = n // value % 10
        if digit:
            if zero:
                words.append("digit-0")
                zero = False
            words += [f"digit-{digit}", unit]
            started = True
        elif started:
            zero = True
    if n % 10:
        if zero:
            words.append("digit-0")
        words.append(f"digit-{n % 10}")
    return words


def clips_for(number: str, window_number: int) -> list[str]:
    """The clips of one call, in the order they are played: the ticket's letters and digits
    one by one (A零零一), the window's number as a numeral (十二)."""
    ticket = [
        f"digit-{ch}" if ch.isdigit() else f"letter-{ch.lower()}"
        for ch in number
        if ch.isascii() and ch.isalnum()
    ]
    return ["please", *ticket, "number", "to", *_numeral(window_number), "window"]


def clips_folder() -> Path:
    return Path(settings.DATA_DIR) / "voice"


def clip_path(name: str) -> Path | None:
    """The file of a clip by its name (None for a name that is not a clip, or not built)."""
    if name not in clip_texts():
        return None
    path = clips_folder() / f"{name}.wav"
    return path if path.exists() else None


def build_clips(*, force: bool = False) -> int:
    """Make the clips that are missing (all with `force`); returns how many were made.
    Raises FileNotFoundError when espeak-ng is not installed."""
    engine = shutil.which("espeak-ng")
    if engine is None:
        raise FileNotFoundError("espeak-ng")
    folder = clips_folder()
    folder.mkdir(parents=True, exist_ok=True)
    made = 0
    for name, text in clip_texts().items():
        target = folder / f"{name}.wav"
        if target.exists() and not force:
            continue
        voice = "en" if name.startswith("letter-") else "cmn"  # letters as boards say them
        subprocess.run(  # noqa: S603  # our own fixed arguments, no shell
            [engine, "-v", voice, "-s", "150", "-w", str(target), text],
            check=True,
            capture_output=True,
        )
        made += 1
    return made
