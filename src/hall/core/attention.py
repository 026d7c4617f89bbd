"""What the office must see on the dashboard (a configuration that will stop work, a year's
calendar not confirmed): each app registers the checks of its own rules, core shows them."""

from __future__ import annotations

from collections.abc import Callable

from hall.core.models import Hall

Check = Callable[[Hall], list[str]]
_CHECKS: list[Check] = []


def attention_check(check: Check) -> Check:
    """Register a check: given a hall, the warnings (translated sentences) it finds."""
    _CHECKS.append(check)
    return check


def warnings_for(hall: Hall) -> list[str]:
    return [warning for check in _CHECKS for warning in check(hall)]
