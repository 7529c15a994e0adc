"""The communes' boundaries (static/geo/, built by scripts/build-commune-map) and their
check: every feature a valid polygon, no two overlapping beyond a tolerance, one
feature per commune in force, named by its official code, and the file small enough
for a slow link. Pure Python and NumPy: the portal has no GIS library, and 96
simplified polygons need none."""

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _


def _number(value: float, decimals: int = 0) -> str:
    """2.100; 0,05 (units comes before indicators: its number wording is not ours to import)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


MAP_FILE = Path(settings.BASE_DIR) / "static" / "geo" / "quang_ngai_communes.geojson"
MAP_STATIC_PATH = "geo/quang_ngai_communes.geojson"
# "Small enough for a slow link": what a page may fetch once, then keep.
MAX_GZIPPED_BYTES = 150 * 1024
# Overlaps: the share of the communes' area covered twice, sampled on a grid of about
# 250 m. Shared borders drawn once cover nothing twice; the tolerance is for grid points
# that fall on a border.
GRID_STEP = 0.0025  # degrees
MAX_OVERLAP_SHARE = 0.001
# Vietnam's extent with a margin: a coordinate outside is a swapped or broken pair.
LON_RANGE, LAT_RANGE = (101.0, 118.0), (7.0, 24.0)


@dataclass(frozen=True)
class MapCheck:
    """What ``check_map`` found: the problems (empty when the file is good) and the sizes."""

    problems: list[str]
    features: int
    raw_bytes: int
    gzipped_bytes: int
    overlap_share: float


def load_map(path: Path = MAP_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def polygons_of(feature: dict) -> list[list[np.ndarray]]:
    """A feature's polygons, each a list of rings (arrays of lon, lat): the first
    ring the outer one, the others its holes."""
    geometry = feature.get("geometry") or {}
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    parts = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    return [[np.asarray(ring, dtype=float) for ring in polygon] for polygon in parts]


def signed_area(ring: np.ndarray) -> float:
    """Shoelace area in degrees²: positive counter-clockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) / 2


def ring_crosses_itself(ring: np.ndarray) -> bool:
    """Whether two non-adjacent edges of a closed ring cross (all pairs at once)."""
    a, b = ring[:-1], ring[1:]
    n = len(a)
    if n < 4:
        return False

    def side(p, q, r):
        return (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0])

    i, j = np.triu_indices(n, k=2)
    keep = ~((i == 0) & (j == n - 1))  # the first and last edges meet at the closing point
    i, j = i[keep], j[keep]
    d1, d2 = side(a[i], b[i], a[j]), side(a[i], b[i], b[j])
    d3, d4 = side(a[j], b[j], a[i]), side(a[j], b[j], b[i])
    return bool(np.any((d1 * d2 < 0) & (d3 * d4 < 0)))


def inside(polygon: list[np.ndarray], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Even-odd test of points (x, y) against a polygon with holes."""
    result = np.zeros(x.shape, dtype=bool)
    for ring in polygon:
        x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
        for k in range(len(x1)):
            crosses = (y1[k] > y) != (y2[k] > y)
            at = x1[k] + (y - y1[k]) * (x2[k] - x1[k]) / ((y2[k] - y1[k]) or 1e-300)
            result ^= crosses & (x < at)
    return result


def overlap_share(features: list[dict], step: float = GRID_STEP) -> float:
    """The share of grid points inside any commune that lie inside more than one."""
    every = [ring for f in features for polygon in polygons_of(f) for ring in polygon]
    if not every:
        return 0.0
    points = np.concatenate(every)
    west, south = points.min(axis=0)
    east, north = points.max(axis=0)
    xs = np.arange(west + step / 2, east, step)
    ys = np.arange(south + step / 2, north, step)
    counts = np.zeros((len(ys), len(xs)), dtype=np.int16)
    for feature in features:
        hit = np.zeros_like(counts, dtype=bool)
        for polygon in polygons_of(feature):
            lo, hi = polygon[0].min(axis=0), polygon[0].max(axis=0)
            cols = np.nonzero((xs >= lo[0]) & (xs <= hi[0]))[0]
            rows = np.nonzero((ys >= lo[1]) & (ys <= hi[1]))[0]
            if not len(cols) or not len(rows):
                continue
            gx, gy = np.meshgrid(xs[cols], ys[rows])
            hit[np.ix_(rows, cols)] |= inside(polygon, gx, gy)
        counts += hit
    covered = int((counts > 0).sum())
    return int((counts > 1).sum()) / covered if covered else 0.0


def feature_problems(feature: dict) -> list[str]:
    """Why one feature is not a valid polygon for the map (empty when it is)."""
    code = feature.get("id", "?")
    polygons = polygons_of(feature)
    if not polygons:
        return [_("%(code)s: không phải Polygon hay MultiPolygon.") % {"code": code}]
    problems = []
    for polygon in polygons:
        for k, ring in enumerate(polygon):
            if ring.ndim != 2 or ring.shape[0] < 4 or ring.shape[1] != 2 or not np.isfinite(ring).all():
                problems.append(_("%(code)s: có vòng ranh giới ít hơn 4 điểm hoặc tọa độ hỏng.") % {"code": code})
                continue
            if not (ring[0] == ring[-1]).all():
                problems.append(_("%(code)s: có vòng ranh giới không khép kín.") % {"code": code})
            lon, lat = ring[:, 0], ring[:, 1]
            if (
                lon.min() < LON_RANGE[0]
                or lon.max() > LON_RANGE[1]
                or lat.min() < LAT_RANGE[0]
                or lat.max() > LAT_RANGE[1]
            ):
                problems.append(_("%(code)s: có tọa độ nằm ngoài lãnh thổ Việt Nam.") % {"code": code})
            # plotly draws with d3-geo, which fills the outside of a counter-clockwise
            # outer ring (the whole globe but the commune).
            if k == 0 and signed_area(ring) >= 0:
                problems.append(_("%(code)s: vòng ngoài không theo chiều kim đồng hồ.") % {"code": code})
            if ring_crosses_itself(ring):
                problems.append(_("%(code)s: ranh giới tự cắt.") % {"code": code})
    return problems


def check_map(codes: set[str], path: Path = MAP_FILE) -> MapCheck:
    """Check the map file against ``codes``, the official codes of the communes in force."""
    raw = path.read_bytes()
    packed = len(gzip.compress(raw, compresslevel=9))
    collection = json.loads(raw)
    problems = []
    if collection.get("type") != "FeatureCollection":
        problems.append(_("Tệp bản đồ không phải GeoJSON FeatureCollection."))
    features = collection.get("features") or []
    ids = [str(f.get("id", "")) for f in features]
    for code in sorted({c for c in ids if ids.count(c) > 1}):
        problems.append(_("%(code)s: có nhiều hơn một vùng.") % {"code": code})
    for code in sorted(codes - set(ids)):
        problems.append(_("%(code)s: đơn vị đang hoạt động nhưng không có trên bản đồ.") % {"code": code})
    for code in sorted(set(ids) - codes):
        problems.append(_("%(code)s: có trên bản đồ nhưng không phải đơn vị cấp xã đang hoạt động.") % {"code": code})
    for feature in features:
        problems += feature_problems(feature)
    share = overlap_share(features)
    if share > MAX_OVERLAP_SHARE:
        problems.append(
            _("Các vùng chồng lấn nhau %(share)s diện tích (cho phép %(limit)s).")
            % {"share": f"{_number(share * 100, 2)}%", "limit": f"{_number(MAX_OVERLAP_SHARE * 100, 2)}%"}
        )
    if packed > MAX_GZIPPED_BYTES:
        problems.append(
            _("Tệp bản đồ nén gzip %(size)s byte, vượt giới hạn %(limit)s byte.")
            % {"size": _number(packed), "limit": _number(MAX_GZIPPED_BYTES)}
        )
    return MapCheck(
        problems=problems, features=len(features), raw_bytes=len(raw), gzipped_bytes=packed, overlap_share=share
    )


COMMUNE_FIELDS = ("id", "code", "name", "short_name", "official_code", "active_from")


def communes_on(day) -> list[tuple]:
    """The commune-level units in force on ``day`` (one query): what the map draws, one
    feature each, as tuples of ``COMMUNE_FIELDS``."""
    from units.models import Level, Unit

    communes = Unit.objects.active_on(day).filter(level=Level.COMMUNE).order_by("sort_order", "code")
    return list(communes.values_list(*COMMUNE_FIELDS))


def commune_codes_on(day) -> set[str]:
    """The official codes of the communes in force on ``day``."""
    return {row[COMMUNE_FIELDS.index("official_code")] for row in communes_on(day)}
