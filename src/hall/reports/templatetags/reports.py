"""Server-drawn charts: bars as numbers the SVG templates place, nothing the browser loads."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

FIRST_HOUR, LAST_HOUR = 8, 18  # a hall's day; hours outside it show only when they had tickets
HEIGHT = 130


@register.filter
def hour_bars(hours: dict[int, int], busiest: int) -> list[dict[str, Any]]:
    shown = sorted(set(range(FIRST_HOUR, LAST_HOUR)) | {h for h, n in hours.items() if n})
    bars = []
    for index, hour in enumerate(shown[:14]):
        count = hours.get(hour, 0)
        height = round(HEIGHT * count / busiest) if busiest else 0
        bars.append(
            {
                "hour": hour,
                "count": count,
                "x": 4 + index * 34,
                "y": 140 - height,
                "height": height,
                "label_y": max(10, 136 - height),
            }
        )
    return bars


@register.filter
def line_bars(lines: list[Any]) -> list[dict[str, Any]]:
    """Waiting per business as horizontal bars, 500 units for the longest line."""
    most = max((line.waiting for line in lines), default=0)
    return [
        {
            "label": f"{line.category.prefix} {line.category.name}",
            "waiting": line.waiting,
            "y": 10 + index * 50,
            "width": round(500 * line.waiting / most) if most else 0,
        }
        for index, line in enumerate(lines)
    ]


@register.filter
def lines_height(lines: list[Any]) -> int:
    return 20 + 50 * len(lines)


@register.filter
def day_bars(days: dict[Any, int], span: tuple[Any, Any]) -> list[dict[str, Any]]:
    """Tickets per day of a period as bars across 900 units (a month: 31 bars)."""
    import datetime

    first, last = span
    count = (last - first).days + 1
    most = max(days.values(), default=0)
    width = 900 / max(count, 1)
    bars = []
    for n in range(count):
        day = first + datetime.timedelta(days=n)
        value = days.get(day, 0)
        height = round(HEIGHT * value / most) if most else 0
        bars.append(
            {
                "label": day.day,
                "count": value,
                "x": round(n * width, 1),
                "width": round(width * 0.8, 1),
                "y": 140 - height,
                "height": height,
            }
        )
    return bars
