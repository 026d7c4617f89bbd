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


OfferProvider = Callable[[Hall], list[Offer]]
_providers: dict[OfferProvider, bool] = {}  # each provider: whether its offers go on slips


def public_offer(*, on_slip: bool) -> Callable[[OfferProvider], OfferProvider]:
    """Register a provider; `on_slip` when its offers are worth paper (a survey is, a figure
    is not). A slip asks only those: it is printed at every ticket taken."""

    def register(provider: OfferProvider) -> OfferProvider:
        _providers[provider] = on_slip
        return provider

    return register


def offers_for(hall: Hall, *, slip: bool = False) -> list[Offer]:
    return [
        offer
        for provider, on_slip in _providers.items()
        if on_slip or not slip
        for offer in provider(hall)
    ]
