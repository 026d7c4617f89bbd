"""The documentation keeps up with the code: every domain event has its row."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.apps import apps

from hall.core.events import Event

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def _leaves(kind: type[Event]) -> set[type[Event]]:
    subs = kind.__subclasses__()
    return {kind} if not subs else set().union(*(_leaves(s) for s in subs))


def test_every_event_is_in_the_architecture_page():
    for app in apps.get_app_configs():
        if app.name.startswith("hall.") and (Path(app.path) / "events.py").exists():
            importlib.import_module(f"{app.name}.events")
    page = ARCHITECTURE.read_text()
    events = {e.__name__ for e in _leaves(Event) if e.__module__.startswith("hall.")}
    assert len(events) >= 12
    assert sorted(e for e in events if f"`{e}`" not in page) == []
