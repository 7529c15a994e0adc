"""Like-for-like changes across a reorganisation: a new unit is compared with the
territory it took over (its former units, shares applied). Pure, hand-computed; then
the province page of the demo, compared across 01/07/2025."""

import pandas as pd
import pytest

from reports import aggregation
from tests.reports.test_lineage import FIREWALL, SPEC, links

SERVERS = aggregation.IndicatorSpec(
    code="servers_total",
    name="Máy chủ",
    short_name="",
    numerator="servers",
    denominator="",
    factor=1.0,
    decimals=0,
    suffix="",
    higher_is_better=True,
    threshold=None,
    group="infrastructure",
    weak_label="",
)
SPECS = [SPEC, FIREWALL, SERVERS]


def frame(rows):
    return pd.DataFrame(
        rows, columns=["period", "unit_id", "computers_total", "staff_total", "has_firewall", "servers"]
    )


# Before (2025Q2): communes 1, 2, 3 and the department 7; 3 is split half/half into 10
# and 11; 1 and 2 merge into 10. Unit 4 (→ 11) did not report in 2025Q2.
# After (2025Q3): 10, 11 and the department 7 (which the reorganisation left alone).
VALUES = frame(
    [
        ("2025Q2", 1, 80.0, 100.0, 1.0, 2.0),
        ("2025Q2", 2, 50.0, 50.0, 0.0, 1.0),
        ("2025Q2", 3, 20.0, 40.0, 1.0, 4.0),
        ("2025Q2", 7, 30.0, 30.0, 1.0, 5.0),
        ("2025Q3", 10, 160.0, 170.0, 1.0, 6.0),
        ("2025Q3", 11, 40.0, 80.0, 0.0, 1.0),
        ("2025Q3", 7, 33.0, 30.0, 1.0, 6.0),
    ]
)
LINKS = links((1, 10, 1.0), (2, 10, 1.0), (3, 10, 0.5), (3, 11, 0.5), (4, 11, 1.0))
GROUPS = pd.DataFrame({"unit_id": [10, 11, 7], "group": ["commune", "commune", "department"]})


def by_group(table):
    return {(r.group, r.indicator): r for r in table.itertuples(index=False)}


def test_a_new_unit_is_compared_with_the_sum_of_its_former_units_shares_applied():
    table = by_group(
        aggregation.matched_changes_across(VALUES, GROUPS, SPECS, period="2025Q3", previous="2025Q2", links=LINKS)
    )
    # 10 took 1, 2 and half of 3: 80 + 50 + 0.5·20 = 140 computers over 100 + 50 + 0.5·40
    # = 170 staff; 11 is left out (4, half its territory, sent nothing in 2025Q2).
    row = table[("commune", "computers_per_staff")]
    assert (row.numerator, row.denominator) == (160.0, 170.0)
    assert (row.previous_numerator, row.previous_denominator) == (140.0, 170.0)
    assert row.matched == 1
    # Servers, a total: 2 + 1 + 0.5·4 = 5 before, 6 now.
    row = table[("commune", "servers_total")]
    assert (row.numerator, row.previous_numerator) == (6.0, 5.0)
    # Firewalls count units: 10 counts once; of its territory 1 and half of 3 had one,
    # (1 + 0.5) / (1 + 1 + 0.5) = 0.6 of a unit, not 1.5 units.
    row = table[("commune", "firewall_units")]
    assert (row.numerator, row.denominator) == (1.0, 1.0)
    assert (row.previous_numerator, row.previous_denominator) == (pytest.approx(0.6), 1.0)
    # The department, untouched, is matched as always.
    row = table[("department", "computers_per_staff")]
    assert (row.numerator, row.previous_numerator, row.matched) == (33.0, 30.0, 1)


def test_a_new_unit_whose_whole_territory_reported_is_compared():
    values = pd.concat([VALUES, frame([("2025Q2", 4, 10.0, 10.0, 1.0, 0.0)])], ignore_index=True)
    table = by_group(
        aggregation.matched_changes_across(values, GROUPS, SPECS, period="2025Q3", previous="2025Q2", links=LINKS)
    )
    row = table[("commune", "computers_per_staff")]
    # 10 as above, 11 = half of 3 (10/20) + 4 (10/10): both compared now.
    assert row.matched == 2
    assert (row.previous_numerator, row.previous_denominator) == (140.0 + 20.0, 170.0 + 30.0)
    # 11's territory: half of 3 (firewall) and 4 (firewall) → 1 unit; with 10's 0.6.
    assert table[("commune", "firewall_units")].previous_numerator == pytest.approx(1.6)


def test_a_chain_within_the_gap_compares_with_the_territory_of_the_earlier_quarter():
    # 1 → 5 (opened and closed between the quarters) → 10: 5 has no figures of its own.
    chain = links((1, 5, 1.0), (5, 10, 1.0), (2, 10, 1.0))
    assert aggregation.territory_roots(chain, aggregation.ancestor_shares(chain, 10)) == {1: 1.0, 2: 1.0}
    table = by_group(
        aggregation.matched_changes_across(VALUES, GROUPS, [SPEC], period="2025Q3", previous="2025Q2", links=chain)
    )
    assert table[("commune", "computers_per_staff")].previous_numerator == 130.0


def test_without_links_it_is_the_ordinary_like_for_like_change():
    plain = aggregation.matched_changes(VALUES, GROUPS, SPECS, period="2025Q3", previous="2025Q2")
    across = aggregation.matched_changes_across(
        VALUES, GROUPS, SPECS, period="2025Q3", previous="2025Q2", links=links()
    )
    pd.testing.assert_frame_equal(plain, across)
    # Without the links, the communes have nothing to compare with.
    assert set(plain["group"]) == {"department"}


def test_the_demos_new_communes_are_compared_with_their_2017_territory(demo):
    """Quý III/2026 against Quý III/2017 (the quarter with data before it): the communes'
    computers per staff change over the new communes whose whole territory reported
    then, the 2017 side summed over their former communes straight from the database."""
    from django.db.models import Sum
    from django.utils import timezone

    from indicators.demo import demo_quarters
    from indicators.models import REPORT_STATUSES_WITH_DATA, Period, Report, ReportValue
    from reports.quarter import quarter_data
    from units.models import UnitLineage

    done = demo_quarters(timezone.localdate())[0]
    period, compare = Period.objects.get(code=done), Period.objects.get(code="2017Q3")
    counted = Report.objects.filter(status__in=REPORT_STATUSES_WITH_DATA)
    now = set(counted.filter(period=period, unit__level="commune").values_list("unit_id", flat=True))
    before = set(counted.filter(period=compare).values_list("unit_id", flat=True))
    formers = {}
    for old, new in UnitLineage.objects.values_list("predecessor_id", "successor_id"):
        formers.setdefault(new, set()).add(old)
    compared = {u for u in now if formers.get(u) and formers[u] <= before}
    old_units = set().union(*(formers[u] for u in compared))

    def total(element, units, quarter):
        return ReportValue.objects.filter(
            report__unit_id__in=units, report__period=quarter, element__code=element
        ).aggregate(s=Sum("value"))["s"]

    data = quarter_data(period, compare=compare)
    groups = aggregation.group_map(data.units, "level")
    rows = {row.spec.code: row for row in data.figure_rows(groups)}
    change = rows["computers_per_staff"].change("commune")
    assert 20 <= len(compared) <= 40 and change.matched == len(compared)
    then = 100 * total("computers_total", old_units, compare) / total("staff_total", old_units, compare)
    now_value = 100 * total("computers_total", compared, period) / total("staff_total", compared, period)
    assert change.before_text == f"{round(then)}%" and change.after_text == f"{round(now_value)}%"
    # Before the links were taken into account, the communes had no change at all.
    assert rows["firewall_units"].change("commune").matched == len(compared)
    # Servers are not asked for since Quý I/2026 (issue 21): no figure, no change.
    assert "servers_total" not in rows


def test_former_areas_put_a_commune_in_the_districts_of_its_former_communes():
    area_links = pd.DataFrame(
        [
            (10, "H02", "Đăk Glei", 1.0),
            (10, "H02", "Đăk Glei", 1.0),
            (10, "H03", "Ngọc Hồi", 0.5),
            (11, "H03", "Ngọc Hồi", 0.5),
            (11, "H05", "Đăk Tô", 1.0),
        ],
        columns=aggregation.AREA_COLUMNS,
    )
    # 10 took two communes of H02 and half of one of H03: H02 first; 11 mostly H05.
    assert aggregation.former_areas(area_links) == {
        10: [("H02", "Đăk Glei"), ("H03", "Ngọc Hồi")],
        11: [("H05", "Đăk Tô"), ("H03", "Ngọc Hồi")],
    }
    assert aggregation.former_areas(area_links.iloc[:0]) == {}


def test_the_communes_page_after_the_merger_groups_communes_by_former_district(committee_client):
    from django.urls import reverse
    from django.utils import timezone

    from indicators.demo import demo_quarters
    from units.models import Unit, UnitLineage

    done = demo_quarters(timezone.localdate())[0]
    url = reverse("reports:communes")
    page = committee_client.get(url, {"period": done})
    table = page.context["table"]
    headers = [column.header for column in table.columns]
    assert "Khu vực (huyện cũ)" in headers and "Huyện" not in headers
    rows = table.data.data
    # The whole merged province's 96 communes; the 40 formed from Kon Tum's communes
    # carry the area of their former districts.
    from_kon_tum = set(
        UnitLineage.objects.filter(predecessor__level="commune").values_list("successor__code", flat=True)
    )
    assert len(rows) == 96 and len(from_kon_tum) == 40
    assert all(r["area_name"] for r in rows if r["code"] in from_kon_tum)
    # ?district=H02: the communes formed from Đăk Glei's, straight from the links.
    from_dak_glei = set(
        UnitLineage.objects.filter(predecessor__parent__code="H02").values_list("successor__code", flat=True)
    )
    area = committee_client.get(url, {"period": done, "district": "H02"})
    assert {r["code"] for r in area.context["table"].data.data} == from_dak_glei
    assert all("Đăk Glei" in r["area_name"] for r in area.context["table"].data.data)
    assert area.context["filterset"].form.fields["district"].label == "Khu vực (huyện cũ)"
    # The charts cover that area's communes only.
    remote, other = area.context["staffing_summary"]
    reported = Unit.objects.filter(
        code__in=from_dak_glei, reports__period__code=done, reports__status__in=["submitted", "approved"]
    )
    assert remote.total + other.total == reported.count()
    # Before the change: districts, no area.
    before = committee_client.get(url, {"period": "2016Q3"})
    headers = [column.header for column in before.context["table"].columns]
    assert "Huyện" in headers and "Khu vực (huyện cũ)" not in headers
