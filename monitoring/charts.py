"""Progress over time as a server-drawn SVG step chart: no script, one mark per point of the history.

The chart is a picture of what the text beside it says (the page lists every point as text,
WCAG 1.1.1); the level is read from the position and from the axis labels, never from colour.
"""
from __future__ import annotations

import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from monitoring.models import LEVEL_SYMBOLS, Level

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 28, 12, 10, 24


def _x(day: datetime.date, start: datetime.date, end: datetime.date) -> float:
    span = max((end - start).days, 1)
    return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span, 1)


def _y(level: int) -> float:
    steps = max(Level.values)
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (steps - level) / steps, 1)


def level_chart(points: list[tuple[datetime.date, int]], *, title: str, chart_id: str, today: datetime.date) -> SafeString:
    """An SVG chart of these (date, level) points, from 1 January of the first point's year to today."""
    first_year = points[0][0].year if points else today.year
    start, end = datetime.date(first_year, 1, 1), max(today, points[-1][0] if points else today)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="level-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for level in Level.values:  # the scale: a faint line and the level's symbol per level
        y = _y(level)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#c8ccd2" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end" font-size="11" fill="currentColor">'
                     f'{LEVEL_SYMBOLS[Level(level)]}</text>')
    for year in range(first_year, end.year + 1):
        x = _x(datetime.date(year, 1, 1), start, end)
        parts.append(f'<text x="{x}" y="{HEIGHT - 6}" text-anchor="middle" font-size="11" fill="currentColor">{year}</text>')
    if points:
        path = [f"M {_x(points[0][0], start, end)} {_y(points[0][1])}"]
        for next_day, next_level in points[1:]:
            path.append(f"H {_x(next_day, start, end)} V {_y(next_level)}")
        path.append(f"H {_x(end, start, end)}")
        parts.append(f'<path class="line" d="{" ".join(path)}" fill="none" stroke="currentColor" stroke-width="2"/>')
        for day, level in points:
            label = f"{day.isoformat()}: {Level(level).label}"
            parts.append(f'<circle class="mark" cx="{_x(day, start, end)}" cy="{_y(level)}" r="4" fill="currentColor">'
                         f'<title>{escape(label)}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above
