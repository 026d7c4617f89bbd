"""Panels the apps above add to the office's dashboard (the hall now, 潮汐 alerts): core shows
them without knowing the apps, as it does the warnings (hall.core.attention). An app
registers a provider from its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hall.core.models import Hall, User


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with `panel` (the context below), `hall` and the request's own
    context: dict[str, Any]


PanelProvider = Callable[[Hall, User], Panel | None]
_providers: list[PanelProvider] = []


def dashboard_panel(provider: PanelProvider) -> PanelProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(hall: Hall, user: User) -> list[Panel]:
    return [panel for provider in _providers if (panel := provider(hall, user)) is not None]
