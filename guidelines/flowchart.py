"""An SOP's flowchart as SVG, drawn on the server from its measures (no JavaScript).

Measures run top to bottom in their order; child-only measures branch to the right with a
dashed connector and a "Children only" label. Each box links to its measure. The page also
gives the ordered list of measures as the text alternative. Boxes and arrows of the main
column take the tenant's accent colour (PortalSettings.accent_colour, checked for contrast
with white, which is also the chart's background); child-only branches keep a colour of their own.
"""
from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
BOX_HEIGHT = 64
GAP = 28
MAIN_X, MAIN_WIDTH = 8, 380
BRANCH_X, BRANCH_WIDTH = 440, 260
LINE_HEIGHT = 17
DEFAULT_ACCENT = "#1d4f91"  # PortalSettings.accent_colour's default
CHILD = "#7a3e00"


def _lines(label: str, width: int) -> list[str]:
    """The label wrapped to the box, whole: a flowchart must not cut a measure's name."""
    return textwrap.wrap(label, width=max(12, width // 8)) or [label]


def _height(lines: list[str]) -> int:
    return max(BOX_HEIGHT, 24 + len(lines) * LINE_HEIGHT)


def _box(parent, *, x: int, y: int, width: int, lines: list[str], url: str, child: bool, accent: str) -> None:
    height = _height(lines)
    link = ET.SubElement(parent, "a", {"href": url})
    ET.SubElement(link, "rect", {
        "x": str(x), "y": str(y), "width": str(width), "height": str(height), "rx": "6",
        "fill": "#ffffff", "stroke": CHILD if child else accent, "stroke-width": "2",
        **({"stroke-dasharray": "6 4"} if child else {}),
    })
    top = y + height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + 5
    text = ET.SubElement(link, "text", {"x": str(x + 12), "y": f"{top:.0f}", "font-size": "14", "fill": "#1b1b1f"})
    for index, line in enumerate(lines):
        span = ET.SubElement(text, "tspan", {"x": str(x + 12), "dy": "0" if index == 0 else str(LINE_HEIGHT)})
        span.text = line


def _arrow(parent, *, x1, y1, x2, y2, dashed: bool, accent: str) -> None:
    ET.SubElement(parent, "line", {
        "x1": str(x1), "y1": str(y1), "x2": str(x2), "y2": str(y2),
        "stroke": CHILD if dashed else accent, "stroke-width": "2", "marker-end": "url(#arrow)",
        **({"stroke-dasharray": "6 4"} if dashed else {}),
    })


def sop_flowchart(*, measures, request, accent: str = DEFAULT_ACCENT) -> str:
    """The SVG markup (safe to insert into the page) for the measures, in their order, in the `accent` colour."""
    rows = []
    for measure in measures:
        label = f"{measure.number}. {measure.title}"
        if measure.child_only:
            label = f"{label} ({_('Children only')})"
        lines = _lines(label, BRANCH_WIDTH if measure.child_only else MAIN_WIDTH)
        rows.append((measure, lines))
    height = sum(_height(lines) + GAP for _measure, lines in rows) + 8
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {BRANCH_X + BRANCH_WIDTH + 8} {height}", "class": "flowchart",
        "role": "group", "aria-label": _("Flowchart of the measures"),
    })
    defs = ET.SubElement(svg, "defs")
    marker = ET.SubElement(defs, "marker", {
        "id": "arrow", "viewBox": "0 0 10 10", "refX": "9", "refY": "5", "markerWidth": "7", "markerHeight": "7",
        "orient": "auto-start-reverse",
    })
    ET.SubElement(marker, "path", {"d": "M 0 0 L 10 5 L 0 10 z", "fill": accent})
    previous_main = None  # (top, height) of the last box in the main column
    y = 4
    for measure, lines in rows:
        url = measure.get_url(request) or "#"
        height = _height(lines)
        if measure.child_only:
            _box(svg, x=BRANCH_X, y=y, width=BRANCH_WIDTH, lines=lines, url=url, child=True, accent=accent)
            if previous_main is not None:
                top, main_height = previous_main
                _arrow(svg, x1=MAIN_X + MAIN_WIDTH, y1=top + main_height / 2, x2=BRANCH_X - 2, y2=y + height / 2, dashed=True, accent=accent)
        else:
            _box(svg, x=MAIN_X, y=y, width=MAIN_WIDTH, lines=lines, url=url, child=False, accent=accent)
            if previous_main is not None:
                top, main_height = previous_main
                _arrow(svg, x1=MAIN_X + MAIN_WIDTH / 2, y1=top + main_height, x2=MAIN_X + MAIN_WIDTH / 2, y2=y - 2, dashed=False, accent=accent)
            previous_main = (y, height)
        y += height + GAP
    ET.register_namespace("", SVG_NS)
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # built element by element: text is escaped by ElementTree
