"""The communes' map (static/geo/): one valid polygon per commune in force, named by its
official code, no overlaps, small enough for a slow link; and a check that sees it when
any of that breaks."""

import copy
import datetime
import gzip
import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from units import geo
from units.models import Level, Unit

TODAY = datetime.date(2026, 12, 7)


def test_the_file_is_geojson_within_its_size():
    raw = geo.MAP_FILE.read_bytes()
    collection = json.loads(raw)
    assert collection["type"] == "FeatureCollection"
    assert len(gzip.compress(raw, compresslevel=9)) <= geo.MAX_GZIPPED_BYTES
    assert {f["geometry"]["type"] for f in collection["features"]} <= {"Polygon", "MultiPolygon"}


@pytest.mark.django_db
def test_every_commune_in_force_has_exactly_one_polygon(demo):
    communes = Unit.objects.active_on(TODAY).filter(level=Level.COMMUNE)
    codes = list(communes.values_list("official_code", flat=True))
    ids = [str(f["id"]) for f in geo.load_map()["features"]]
    assert len(codes) == 96 and len(set(codes)) == 96
    assert sorted(ids) == sorted(codes)
    result = geo.check_map(set(codes))
    assert result.problems == []
    assert result.overlap_share == 0


@pytest.mark.django_db
def test_the_command_passes_on_today_and_fails_before_the_reorganisation(demo, tmp_path):
    call_command("check_commune_map", "--on", TODAY.isoformat())
    # On 30/06/2025 the communes were Kon Tum's 102: none of today's codes but those kept.
    with pytest.raises(CommandError, match="không có trên bản đồ"):
        call_command("check_commune_map", "--on", "2025-06-30")


def _square(x, y, size=0.01, clockwise=True):
    ring = [[x, y], [x, y + size], [x + size, y + size], [x + size, y], [x, y]]
    return ring if clockwise else ring[::-1]


def _write(tmp_path, features):
    path = tmp_path / "map.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _feature(code, ring):
    return {
        "type": "Feature",
        "id": code,
        "properties": {"code": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_the_check_sees_overlaps_duplicates_and_missing_codes(tmp_path):
    good = [_feature("1", _square(108.0, 15.0)), _feature("2", _square(108.01, 15.0))]  # shared border
    assert geo.check_map({"1", "2"}, _write(tmp_path, good)).problems == []
    overlapping = [_feature("1", _square(108.0, 15.0)), _feature("2", _square(108.005, 15.0))]
    result = geo.check_map({"1", "2"}, _write(tmp_path, overlapping))
    assert result.overlap_share > 0.3 and any("chồng lấn" in p for p in result.problems)
    doubled = good + [copy.deepcopy(good[1])]
    assert any("nhiều hơn một vùng" in p for p in geo.check_map({"1", "2"}, _write(tmp_path, doubled)).problems)
    problems = geo.check_map({"1", "3"}, _write(tmp_path, good)).problems
    assert any(p.startswith("3:") and "không có trên bản đồ" in p for p in problems)
    assert any(p.startswith("2:") and "không phải đơn vị" in p for p in problems)


def test_the_check_sees_broken_rings(tmp_path):
    bow_tie = [[108.0, 15.0], [108.01, 15.01], [108.01, 15.0], [108.0, 15.01], [108.0, 15.0]]
    open_ring = _square(108.2, 15.0)[:-1] + [[108.3, 15.3]]
    cases = {
        "ranh giới tự cắt": bow_tie,
        "không khép kín": open_ring,
        "chiều kim đồng hồ": _square(108.4, 15.0, clockwise=False),
        "ngoài lãnh thổ": _square(15.0, 108.0),
    }
    for words, ring in cases.items():
        problems = geo.check_map({"9"}, _write(tmp_path, [_feature("9", ring)])).problems
        assert any(words in p for p in problems), (words, problems)


def test_shared_borders_stay_shared():
    """Topology kept by the simplification: a border point of one commune is a point of
    its neighbour's (no slivers opened between them)."""
    features = geo.load_map()["features"]
    points = {}
    for f in features:
        for polygon in geo.polygons_of(f):
            for ring in polygon:
                for x, y in np.round(ring, 6).tolist():
                    points.setdefault((x, y), set()).add(str(f["id"]))
    shared = sum(1 for owners in points.values() if len(owners) > 1)
    # Most vertices of an inland province lie on a border between two communes.
    assert shared / len(points) > 0.5
