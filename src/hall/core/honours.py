"""Honours the apps above give a window (a 红旗窗口), shown beside its number on the public
hall page, the window's screen and its rating pad: core shows them without knowing the apps,
as it does the public offers (hall.core.offers). An app registers a provider from its
AppConfig.ready()."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from hall.core.models import Hall

HonourProvider = Callable[[Hall], dict[int, str]]  # window id -> the honour's name
_providers: list[HonourProvider] = []


def window_honour(provider: HonourProvider) -> HonourProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def window_honours(hall: Hall) -> dict[int, list[str]]:
    honours: dict[int, list[str]] = defaultdict(list)
    for provider in _providers:
        for window_id, name in provider(hall).items():
            honours[window_id].append(name)
    return dict(honours)
