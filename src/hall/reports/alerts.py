"""潮汐 alerts (D4), what holds now: the office's rules (more than N waiting for a business,
the longest wait over N minutes, a window paused over N minutes), each with a suggestion of
which paused window to open or who on the backup post could open one. Raising and clearing
them is hall.reports.services.alerts_check."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hall.core.choices import WindowState
from hall.core.hours import half_day_of
from hall.core.models import Hall, User, Window
from hall.queueing.selectors import LineToday, queue_today, windows_serving_numbers
from hall.reports.choices import AlertKind
from hall.reports.models import Alert, AlertRule
from hall.rostering.selectors import on_backup_post


@dataclass(frozen=True)
class Holding:
    rule: AlertRule
    subject: str
    value: int
    suggestion: str


def _paused_minutes(window: Window, now: datetime.datetime) -> int:
    since = window.state_changed_at or now
    return int((now - since).total_seconds() // 60)


def holding(hall: Hall, now: datetime.datetime) -> list[Holding]:
    """The rules that hold now, each with what it is about and the suggestion."""
    rules = list(AlertRule.objects.filter(hall=hall, is_active=True).select_related("category"))
    if not rules:
        return []
    windows = list(Window.objects.filter(hall=hall).order_by("number"))
    lines = queue_today(hall, now).lines
    found = []
    for rule in rules:
        if rule.kind == AlertKind.PAUSED:
            for window in windows:
                minutes = _paused_minutes(window, now)
                if window.state == WindowState.PAUSED and minutes > rule.threshold:
                    found.append(
                        Holding(
                            rule,
                            _("Window %(n)s") % {"n": window.number},
                            minutes,
                            _("Window %(n)s paused %(minutes)s min (%(reason)s): reopen it, or "
                              "send its B post.")
                            % {"n": window.number, "minutes": minutes,
                               "reason": window.state_reason or "—"},
                        )
                    )  # fmt: skip
            continue
        for line in lines:
            if rule.category_id is not None and line.category.pk != rule.category_id:
                continue
            value = line.waiting if rule.kind == AlertKind.WAITING else line.longest_minutes
            if value > rule.threshold:
                found.append(
                    Holding(rule, line.category.name, value, _suggest(hall, line, windows, now))
                )
    return found


def _suggest(hall: Hall, line: LineToday, windows: list[Window], now: datetime.datetime) -> str:
    """A paused window that serves the line first; else a closed one and who is on the
    backup post this half-day to open it; else no window to open."""
    serving = set(windows_serving_numbers(line.category))
    paused = [w for w in windows if w.number in serving and w.state == WindowState.PAUSED]
    if paused:
        window = max(paused, key=lambda w: _paused_minutes(w, now))
        return _("Open window %(n)s (paused %(minutes)s min: %(reason)s).") % {
            "n": window.number,
            "minutes": _paused_minutes(window, now),
            "reason": window.state_reason or "—",
        }
    closed = [
        w
        for w in windows
        if w.number in serving and w.state in (WindowState.CLOSED, WindowState.EMPTY)
    ]
    backup = on_backup_post(hall, *half_day_of(hall, now))
    if closed and backup:
        person = User.objects.filter(pk__in=backup).order_by("staff_number").first()
        return _("%(person)s (on the backup post) could open window %(n)s.") % {
            "person": person,
            "n": closed[0].number,
        }
    if closed:
        return _("Window %(n)s serves this business and is closed: find someone to open it.") % {
            "n": closed[0].number
        }
    return _("Every window serving this business is open: move someone from a quieter line.")


def open_alerts(hall: Hall) -> QuerySet[Alert]:
    return (
        Alert.objects.filter(hall=hall, cleared_at__isnull=True)
        .select_related("rule", "acknowledged_by", "acted_by")
        .order_by("raised_at")
    )
