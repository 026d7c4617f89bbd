"""Erlang C (M/M/c): how long people wait for c windows, given arrivals per hour and the mean
service time. The theory's answer for the simple case; the simulation (hall.planning.
simulation) checks it with priorities, appointments and no-shows.

Computed through the Erlang B recursion, which stays exact where the textbook's a^c / c!
overflows a float (a hall's afternoon can offer 60 erlangs to 70 windows)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hall.core.errors import InvalidInput

MOST_WINDOWS = 500  # a search for the windows needed stops here


class NeedsMoreWindows(InvalidInput):
    code = "needs_more_windows"
    default_message = _("This needs %(needed)s windows, the hall has %(has)s.")


@dataclass(frozen=True)
class Answer:
    windows: int
    wait_probability: float  # the share who wait at all (Erlang C)
    mean_wait_minutes: float  # over everyone, those served at once included
    service_level: float  # the share called within the answer time

    def as_json(self) -> dict[str, float | int | None]:
        """JSON has no infinity: a line that grows without end waits `None` minutes."""
        endless = math.isinf(self.mean_wait_minutes)
        return {
            "windows": self.windows,
            "wait_probability": round(self.wait_probability, 6),
            "mean_wait_minutes": None if endless else round(self.mean_wait_minutes, 6),
            "service_level": round(self.service_level, 6),
        }


def _check(arrivals_per_hour: float, service_minutes: float, windows: int) -> None:
    if not (0 <= arrivals_per_hour <= 100_000 and 0 < service_minutes <= 24 * 60):
        raise InvalidInput(_("Give arrivals from 0 to 100000 an hour and a service time above 0."))
    if not 1 <= windows <= MOST_WINDOWS:
        raise InvalidInput(_("Give from 1 to %(most)s windows.") % {"most": MOST_WINDOWS})


def offered_load(arrivals_per_hour: float, service_minutes: float) -> float:
    """Erlangs: how many windows the arrivals would keep busy all the time."""
    return arrivals_per_hour * service_minutes / 60


def erlang_c(
    arrivals_per_hour: float, service_minutes: float, windows: int, *, answer_within: float = 15
) -> Answer:
    """Wait figures for `windows` windows; with no more windows than the load, everyone
    waits and the line grows without end (the answer says so rather than failing)."""
    _check(arrivals_per_hour, service_minutes, windows)
    load = offered_load(arrivals_per_hour, service_minutes)
    if load >= windows:
        return Answer(windows, 1.0, math.inf, 0.0)
    blocking = 1.0  # Erlang B for 0 windows
    for k in range(1, windows + 1):
        blocking = load * blocking / (k + load * blocking)
    waits = windows * blocking / (windows - load * (1 - blocking))
    spare = windows - load
    return Answer(
        windows=windows,
        wait_probability=waits,
        mean_wait_minutes=waits * service_minutes / spare,
        service_level=1 - waits * math.exp(-spare * answer_within / service_minutes),
    )


def windows_needed(
    arrivals_per_hour: float,
    service_minutes: float,
    *,
    target: float,
    answer_within: float = 15,
    available: int | None = None,
) -> Answer:
    """The fewest windows that call `target` (a share, 0–1) of people within the answer
    time; refused, with how many it would take, when the hall has fewer."""
    if not 0 < target < 1:
        raise InvalidInput(_("The service level is a share between 0 and 1 (such as 0.8)."))
    if arrivals_per_hour == 0:
        return Answer(0, 0.0, 0.0, 1.0)
    _check(arrivals_per_hour, service_minutes, 1)
    windows = max(1, math.floor(offered_load(arrivals_per_hour, service_minutes)) + 1)
    while windows <= MOST_WINDOWS:
        answer = erlang_c(arrivals_per_hour, service_minutes, windows, answer_within=answer_within)
        if answer.service_level >= target:
            if available is not None and windows > available:
                raise NeedsMoreWindows(needed=windows, has=available)
            return answer
        windows += 1
    raise NeedsMoreWindows(needed=f"> {MOST_WINDOWS}", has=available or MOST_WINDOWS)
