"""The communes' map as vector SVG for the printed briefing: the same areas and class
colours as the page's choropleth (``reports.charts.choropleth``), drawn straight from the
boundaries with a plain projection, the legend beside it. No browser is needed: the
shapes are polygons and the province spans under two degrees, where an equirectangular
projection scaled by the cosine of the middle latitude is indistinguishable from
plotly's Mercator."""

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reports.charts.base import FONT
from reports.charts.choropleth import MapArea

WIDTH, MAP_HEIGHT = 720, 520
LEGEND_X = 410


def _rings(feature: dict) -> list[list]:
    geometry = feature.get("geometry") or {}
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    return [ring for polygon in polygons for ring in polygon]


def map_svg(
    areas: Sequence[MapArea],
    collection: dict,
    legend: Sequence,
    *,
    threshold_text: str = "",
    font: str = FONT,
    size: int = 12,
) -> bytes:
    """``legend``: (colour, label, count) items (``pages.commune_map.MapClass``);
    ``font`` and ``size``: the document's (the briefing prints in its own serif)."""
    by_id = {str(f.get("id")): f for f in collection.get("features", [])}
    drawn = [(a, by_id[a.feature_id]) for a in areas if a.feature_id in by_id]
    points = [p for _a, f in drawn for ring in _rings(f) for p in ring]
    if not points:
        return b""
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    stretch = math.cos(math.radians((south + north) / 2))
    box = LEGEND_X - 16
    scale = min(box / ((east - west) * stretch), (MAP_HEIGHT - 16) / (north - south))

    def xy(lon, lat):
        return f"{(lon - west) * stretch * scale + 8:.1f},{(north - lat) * scale + 8:.1f}"

    # As tall as the province drawn (or the legend), no empty band under it.
    line = round(size * 1.7)
    height = math.ceil(max((north - south) * scale + 16, line * (len(legend) + 2)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{escape(font)}" font-size="{size}">'
    ]
    for area, feature in drawn:
        path = " ".join("M" + " L".join(xy(*p) for p in ring) + " Z" for ring in _rings(feature))
        parts.append(
            f'<path d="{path}" fill="{area.colour}" stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd">'
            f"<title>{escape(area.name)}: {escape(area.figure)}</title></path>"
        )
    y = line
    for item in legend:
        parts.append(
            f'<rect x="{LEGEND_X}" y="{y - size + 1}" width="{size}" height="{size}" fill="{item.colour}" '
            'stroke="#9aa5b1" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{LEGEND_X + size + 6}" y="{y}" fill="#1d2733">{escape(item.label)} ({item.count})</text>'
        )
        y += line
    if threshold_text:
        parts.append(
            f'<text x="{LEGEND_X}" y="{y + 8}" fill="#1d2733" font-weight="bold">{escape(threshold_text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts).encode("utf-8")
