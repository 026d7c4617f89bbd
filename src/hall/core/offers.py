"""What the apps above offer the public on a hall's page and on its ticket slips (a survey
running, …): core shows them without knowing the apps, as it does the dashboard's warnings
(hall.core.attention). An app registers a provider from its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hall.core.models import Hall


@dataclass(frozen=True)
class Offer:
    label: str
    url: str  # the full public address (hall.core.links), for a link or a QR code
    on_slip: bool = True  # worth paper: a survey is, a figure is not


OfferProvider = Callable[[Hall], list[Offer]]
_providers: list[OfferProvider] = []


def public_offer(provider: OfferProvider) -> OfferProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def offers_for(hall: Hall) -> list[Offer]:
    return [offer for provider in _providers for offer in provider(hall)]
