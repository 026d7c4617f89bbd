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
