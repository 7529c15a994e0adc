"""History across a reorganisation: the pure reconstruction on a hand-computed case,
and the unit pages on the demo after the July 2025 file."""

import datetime
import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import aggregation
from reports.pages.unit import Former, own_summary, quarters_before
from reports.specs import IndicatorSpec

SPEC = IndicatorSpec(
    code="computers_per_staff",
    name="Máy tính / cán bộ",
    short_name="",
    numerator="computers_total",
    denominator="staff_total",
    factor=100.0,
    decimals=0,
    suffix="%",
    higher_is_better=True,
    threshold=None,
    group="infrastructure",
    weak_label="",
)
FIREWALL = IndicatorSpec(
    code="firewall_units",
    name="Tường lửa",
    short_name="",
    numerator="has_firewall",
    denominator="1",
    factor=1.0,
    decimals=0,
    suffix="",
    higher_is_better=True,
    threshold=None,
    group="security",
    weak_label="",
)


def links(*rows):
    return pd.DataFrame(rows, columns=aggregation.LINK_COLUMNS)


def test_ancestor_shares_multiply_along_a_chain_and_add_over_paths():
    # 1 → 3 whole; 2 split 0.5/0.5 into 3 and 4; 3 → 5 whole (a later reorganisation).
    table = links((1, 3, 1.0), (2, 3, 0.5), (2, 4, 0.5), (3, 5, 1.0))
    assert aggregation.ancestor_shares(table, 3) == {1: 1.0, 2: 0.5}
    assert aggregation.ancestor_shares(table, 5) == {3: 1.0, 1: 1.0, 2: 0.5}
    assert aggregation.ancestor_shares(table, 1) == {}


def test_a_rebuilt_figure_is_the_ratio_of_the_summed_shares_not_an_average():
    # A: 80 computers / 100 staff, B: 50/50, C (half of it went to N): 20/40.
    # N = (80 + 50 + 0.5·20) / (100 + 50 + 0.5·40) = 140/170 = 82.35…%, where the
    # average of the ratios would be (80 + 100 + 50) / 3 = 76.7%.
    values = pd.DataFrame(
        {
            "period": ["2016Q3"] * 3 + ["2016Q4"],
            "unit_id": [1, 2, 3, 1],
            "computers_total": [80.0, 50.0, 20.0, 90.0],
            "staff_total": [100.0, 50.0, 40.0, 100.0],
        }
    )
    shares = {1: 1.0, 2: 1.0, 3: 0.5}
    terms = aggregation.reconstructed_terms(
        aggregation.unit_terms(values, [SPEC]), shares, unit_id=9, periods=["2016Q3"]
    )
    summary = aggregation.summarise(terms, pd.DataFrame({"unit_id": [9], "group": ["N"]}), [SPEC])
    row = summary.iloc[0]
    assert (row["period"], row["group"], row["numerator"], row["denominator"]) == ("2016Q3", "N", 140.0, 170.0)
    assert row["value"] == pytest.approx(100 * 140 / 170)
    assert aggregation.former_units_reporting(values, shares, periods=["2016Q3", "2016Q4"]) == {
        "2016Q3": 3,
        "2016Q4": 1,
    }


class FakeUnit:
    id = 9
    code = "N"


def test_own_summary_keeps_reported_quarters_and_rebuilds_only_the_earlier_ones():
    own = pd.DataFrame({"period": ["2025Q3"], "unit_id": [9], "computers_total": [30.0], "staff_total": [60.0]})
    formers = pd.DataFrame(
        {
            "period": ["2016Q3", "2016Q3", "2025Q3"],
            "unit_id": [1, 2, 1],
            "computers_total": [10.0, 20.0, 99.0],
            "staff_total": [20.0, 20.0, 99.0],
        }
    )
    former = Former(shares={1: 1.0, 2: 1.0}, values=formers, periods=["2016Q3"])
    summary, rebuilt = own_summary(FakeUnit, own, [SPEC], former)
    cells = {r.period: (r.numerator, r.denominator) for r in summary.itertuples()}
    # 2016Q3 rebuilt from both (30/40); 2025Q3 the unit's own report, the former
    # unit's stray 2025 row ignored.
    assert cells == {"2016Q3": (30.0, 40.0), "2025Q3": (30.0, 60.0)}
    assert rebuilt == {"2016Q3": 2}


def test_a_unit_count_rebuilt_reads_how_many_former_units():
    from reports.pages.unit import unit_history_rows

    values = pd.DataFrame({"period": ["2016Q3"] * 3, "unit_id": [1, 2, 3], "has_firewall": [1.0, 0.0, 1.0]})
    former = Former(shares={1: 1.0, 2: 1.0, 3: 1.0}, values=values, periods=["2016Q3"])
    empty = pd.DataFrame(columns=["period", "unit_id", "has_firewall"])
    summary, rebuilt = own_summary(FakeUnit, empty, [FIREWALL], former)
    rows = unit_history_rows(summary, [FIREWALL], periods=["2016Q3"], rebuilt=frozenset(rebuilt))
    assert rows[0].texts == ["2/3"]


def test_quarters_before_a_day():
    class P:
        def __init__(self, code, end):
            self.code, self.end_date = code, end

    upto = [P("2025Q2", datetime.date(2025, 6, 30)), P("2025Q3", datetime.date(2025, 9, 30))]
    assert quarters_before(upto, datetime.date(2025, 7, 1)) == ["2025Q2"]
    assert quarters_before(upto, None) == []


@pytest.fixture
def reorganised(db, client):
    from django.contrib.auth import get_user_model

    from indicators.demo import demo_load

    demo_load(log=lambda *_: None, today=datetime.date(2017, 11, 30), merged=False)
    for name in ("2025-03", "2025-07"):
        call_command("apply_reorganisation", name, "--commit", "--user", "demo-admin", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    return client


def test_a_new_wards_page_shows_its_history_rebuilt_from_its_former_wards(reorganised):
    from reports import selectors

    page = reorganised.get(reverse("units:detail", args=["X23293"]) + "?period=2016Q3")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="unit-formers"' in html and "UBND phường Quyết Thắng" in html
    assert "tái dựng từ 5/5 đơn vị cũ" in html
    # The rebuilt Q3/2016 figure is the sum over the five former wards, computed here
    # independently from their raw values.
    period = selectors.period_for_code("2016Q3")
    from units.models import Unit

    ids = list(Unit.objects.filter(code__in=["H0101", "H0102", "H0103", "H0104", "H0108"]).values_list("id", flat=True))
    values = selectors.value_frame(periods=[period], unit_ids=ids)
    assert len(values) == 5
    computers, staff = values["computers_total"].sum(), values["staff_total"].sum()
    row = next(r for r in page.context["history_rows"] if r.spec.code == "computers_per_staff")
    from reports.figures import figure_text

    spec = row.spec
    assert row.texts[0] == figure_text(spec, computers, staff)  # newest quarter first
    # The trend chart draws the rebuilt quarters as their own, labelled line.
    chart = next(c for c in page.context["charts"] if c.dom_id == "unit-trend-computers_per_staff")
    names = [trace["name"] for trace in chart.figure["data"]]
    assert "Kon Tum (tái dựng từ đơn vị cũ)" in names
    rebuilt = chart.figure["data"][names.index("Kon Tum (tái dựng từ đơn vị cũ)")]
    assert rebuilt["y"][-1] == pytest.approx(round(100 * computers / staff), abs=0.5)


def test_an_old_units_page_points_to_its_successor(reorganised):
    page = reorganised.get(reverse("units:detail", args=["H0101"]) + "?period=2016Q3")
    html = page.content.decode()
    assert 'id="unit-successors"' in html
    assert reverse("units:detail", args=["X23293"]) in html and "30/06/2025" in html
    # Its own history is untouched: no rebuilt column on an old unit.
    assert "tái dựng từ" not in html


def test_a_new_units_page_without_a_quarter_and_its_query_count(reorganised, django_assert_max_num_queries):
    # No report of its own yet: the page still opens and rebuilds the quarters before it.
    with django_assert_max_num_queries(40):
        page = reorganised.get(reverse("units:detail", args=["X23293"]))
    assert page.status_code == 200
    merged = reorganised.get(reverse("units:detail", args=["S21"]) + "?period=2017Q3")
    html = merged.content.decode()
    assert "Sở Thông tin và Truyền thông" in html and "tái dựng từ 2/2 đơn vị cũ" in html


def test_communes_under_the_province_belong_to_no_district_group(reorganised):
    from indicators.services import period_get_or_create
    from reports import selectors

    period, _ = period_get_or_create(code="2025Q3", is_locked=False, opens_on=datetime.date(2025, 7, 1))
    units = selectors.unit_frame(period=period)
    communes = units[units["level"] == "commune"]
    assert len(communes) == 96 and set(communes["district_code"]) == {""}
    assert not (units["level"] == "district").any()
    old = selectors.unit_frame(period=selectors.period_for_code("2016Q3"))
    assert set(old.loc[old["code"] == "H0101", "district_code"]) == {"H01"}
