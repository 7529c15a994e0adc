"""The scorecard and the targets (issue 22): classes against hand-set targets on
hand-made frames, the targets an admin sets by year, the page, its filters and export,
and the weak spots measured against a level's target where one is set."""

import dataclasses

import pytest
from django.urls import reverse

from indicators.models import Indicator, Target
from reports import selectors
from reports.aggregation import (
    CLOSE,
    FAR,
    MET,
    NO_REPORT,
    IndicatorSpec,
    figures,
    score_class,
    scorecard,
    weak_spots,
)
from tests.reports.dashboard_data import WEAK, SmallProvince
from tests.reports.test_dashboard_aggregation import PER_STAFF, UNITS, VALUES

RATE = IndicatorSpec(
    code="rate", name="Tỷ lệ", numerator="a", denominator="b", factor=100, suffix="%", targets=(("commune", 70.0),)
)
COUNT = IndicatorSpec(code="count", name="Số dịch vụ", numerator="a", targets=(("department", 100.0),))
FEWER = dataclasses.replace(RATE, code="fewer", higher_is_better=False)


# --- Classes on hand-set targets (no database) ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(70, MET), (85, MET), (69, CLOSE), (60, CLOSE), (59, FAR), (0, FAR), (None, NO_REPORT)],
)
def test_a_share_is_close_within_ten_points_of_its_target(value, expected):
    assert score_class(RATE, value, 70.0) == expected


@pytest.mark.parametrize(("value", "expected"), [(100, MET), (91, CLOSE), (90, CLOSE), (89, FAR)])
def test_another_figure_is_close_within_ten_per_cent_of_its_target(value, expected):
    assert score_class(COUNT, value, 100.0) == expected


@pytest.mark.parametrize(("value", "expected"), [(70, MET), (20, MET), (80, CLOSE), (81, FAR)])
def test_lower_is_better_turns_the_gap_around(value, expected):
    assert score_class(FEWER, value, 70.0) == expected


def test_the_class_follows_the_value_as_shown_rounded_half_up():
    # X2 has 12/20 = 60% of computers per staff; a target of 60,5% shows as met only if
    # the value were rounded up past it: 60% is short, within 10 points.
    units = UNITS[UNITS["level"] == "commune"]
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [PER_STAFF], by="unit")
    spec = dataclasses.replace(PER_STAFF, targets=(("commune", 50.0),))
    card = scorecard(q3, units, [spec], counted={4, 5, 6}).set_index("code")
    assert card.loc["X1", "value"] == 50 and card.loc["X1", "status"] == MET  # 10/20 = 50%, exactly the target
    assert card.loc["X2", "value"] == 60 and card.loc["X2", "status"] == MET
    assert card.loc["X3", "value"] == 0 and card.loc["X3", "status"] == FAR
    spec = dataclasses.replace(PER_STAFF, targets=(("commune", 60.5),))
    assert scorecard(q3, units, [spec], counted={5}).set_index("code").loc["X2", "status"] == CLOSE


def test_a_unit_without_a_counted_report_is_listed_as_no_report_not_dropped():
    units = UNITS[UNITS["level"] == "commune"]
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [PER_STAFF], by="unit")
    spec = dataclasses.replace(PER_STAFF, targets=(("commune", 50.0),))
    card = scorecard(q3, units, [spec], counted={4})
    assert card["code"].tolist() == ["X1", "X2", "X3"]
    assert card["status"].tolist() == [MET, NO_REPORT, NO_REPORT]


def test_without_a_target_for_the_level_nothing_is_scored():
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [PER_STAFF], by="unit")
    spec = dataclasses.replace(PER_STAFF, targets=(("commune", 50.0),))
    assert scorecard(q3, UNITS[UNITS["level"] == "department"], [spec], counted={1, 2}).empty
    assert scorecard(q3, UNITS, [PER_STAFF], counted={1, 2, 3, 4, 5, 6}).empty


def test_weak_spots_measure_a_unit_against_its_level_target_where_one_is_set():
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [PER_STAFF], by="unit")
    # Threshold 80: H1 (40/50 = 80%) is not weak. A district target of 90 makes it weak;
    # the communes keep the threshold (no commune target).
    assert "H1" not in set(weak_spots(q3, UNITS, [PER_STAFF])["code"])
    spec = dataclasses.replace(PER_STAFF, targets=(("district", 90.0),))
    weak = weak_spots(q3, UNITS, [spec]).set_index("code")
    assert set(weak.index) == {"H1", "X1", "X2", "X3"}
    assert weak.loc["H1", "threshold"] == 90 and bool(weak.loc["H1", "against_target"])
    assert weak.loc["X1", "threshold"] == 80 and not bool(weak.loc["X1", "against_target"])
    # A target under the threshold lets a unit above the target off.
    spec = dataclasses.replace(PER_STAFF, targets=(("commune", 55.0),))
    assert set(weak_spots(q3, UNITS, [spec])["code"]) == {"X1", "X3"}


# --- Targets by year, set by an admin ----------------------------------------------------


@pytest.fixture
def small(catalogue):
    small = SmallProvince(departments=2, communes=2)
    small.add_communes(1, values=WEAK, report=True)
    return small


def _targets(period, code="computers_per_staff"):
    return next(s for s in selectors.indicator_specs(period=period) if s.code == code)


def test_the_admins_targets_of_the_year_win_over_the_catalogues(small):
    indicator = Indicator.objects.get(code="computers_per_staff")
    indicator.targets = {"commune": 50}
    indicator.save()
    assert _targets(small.q3).targets == (("commune", 50.0),)  # no row yet: the catalogue's
    Target.objects.create(indicator=indicator, level="commune", year=2016, value=95, document="KH 1/KH-UBND")
    Target.objects.create(indicator=indicator, level="department", year=2016, value=90, document="KH 1/KH-UBND")
    spec = _targets(small.q3)
    assert dict(spec.targets) == {"commune": 95.0, "department": 90.0}
    assert spec.target_document == "KH 1/KH-UBND"
    # Rows for another year only: no target this year, nothing is coloured.
    Target.objects.filter(year=2016).update(year=2017)
    assert _targets(small.q3).targets == ()


def test_the_scorecard_page_shows_each_class_in_words_filters_and_exports(small, reader):
    indicator = Indicator.objects.get(code="computers_per_staff")
    Target.objects.create(indicator=indicator, level="commune", year=2016, value=95, document="KH 1/KH-UBND")
    url = reverse("reports:scorecard")
    response = reader.get(url, {"period": "2016Q3", "level": "commune"})
    html = response.content.decode()
    assert response.status_code == 200
    # GOOD communes have 20/20 computers per staff (100%), the WEAK one 10/20 (50%).
    assert html.count("score-met") >= 2 and "100% · Đạt chỉ tiêu" in html
    assert "50% · Còn xa chỉ tiêu" in html and "score-far" in html
    assert "KH 1/KH-UBND" in html and "10 điểm phần trăm" in html
    assert "3/3" in html  # coverage: 3 communes, 3 counted
    far = reader.get(url, {"period": "2016Q3", "level": "commune", "result": "far"}).content.decode()
    assert "Còn xa chỉ tiêu" in far and "100% · Đạt chỉ tiêu" not in far
    export = reader.get(url, {"period": "2016Q3", "level": "commune", "_export": "csv"})
    text = export.content.decode("utf-8-sig")
    assert "50% (Còn xa chỉ tiêu)" in text and text.count("(Đạt chỉ tiêu)") == 2


def test_without_a_target_the_scorecard_colours_nothing(small, reader):
    response = reader.get(reverse("reports:scorecard"), {"period": "2016Q3", "level": "department"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="no-targets"' in html
    assert "score-met" not in html and "score-far" not in html


def test_an_unknown_level_is_a_clear_message(small, reader):
    response = reader.get(reverse("reports:scorecard"), {"period": "2016Q3", "level": "nowhere"})
    assert response.status_code == 404 and "Hãy chọn một cấp" in response.content.decode()


def test_the_scorecard_does_not_grow_its_queries_with_the_units(small, reader, django_assert_max_num_queries):
    indicator = Indicator.objects.get(code="computers_per_staff")
    Target.objects.create(indicator=indicator, level="commune", year=2016, value=95, document="KH 1/KH-UBND")
    url = reverse("reports:scorecard") + "?period=2016Q3&level=commune&q=X"
    reader.get(url)
    with django_assert_max_num_queries(40) as before:
        reader.get(url + "&result=met")
    queries = len(before.captured_queries)  # read now: the next request resets the log
    small.add_communes(10, report=True)
    reader.get(url)  # the quarter loaded again after the writes: compare a new body on kept data with the same
    with django_assert_max_num_queries(queries):
        assert reader.get(url + "&result=far").status_code == 200


def test_a_unit_weak_against_its_target_says_the_target_beside_its_value():
    from reports.mentions import weak_groups

    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [PER_STAFF], by="unit")
    spec = dataclasses.replace(PER_STAFF, targets=(("district", 90.0),))
    (group,) = weak_groups(weak_spots(q3, UNITS, [spec]), [spec])
    details = {m.code: m.detail for m in group.units}
    assert details["H1"] == "80%, chỉ tiêu 90%"  # under its target, above the threshold
    assert details["X1"] == "50%"  # no commune target: the threshold, as before
