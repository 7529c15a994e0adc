"""The page builders on tiny hand-made frames: a QuarterData built by hand, no
database, no request."""

import pandas as pd
import pytest

from indicators.models import Period
from reports.figures import breakdown
from reports.pages import districts, province, ranking
from reports.quarter import QuarterData
from tests.reports.test_dashboard_aggregation import SPECS, UNITS, VALUES


def quarter(values=VALUES, reports=None) -> QuarterData:
    q2 = Period(code="2016Q2", year=2016, quarter=2)
    q3 = Period(code="2016Q3", year=2016, quarter=3)
    if reports is None:
        reports = pd.DataFrame(
            [(u, "approved", False) for u in sorted(set(values.loc[values["period"] == "2016Q3", "unit_id"]))],
            columns=["unit_id", "status", "is_late"],
        )
    return QuarterData(
        period=q3,
        compare=q2,
        specs=SPECS,
        units=UNITS,
        values=values,
        reports=reports,
        weights={"infrastructure": 25, "security": 25, "applications": 25, "human_resources": 25},
        upto=[q2, q3],
    )


@pytest.fixture(autouse=True)
def urls(settings):
    settings.ROOT_URLCONF = "kontum_it.urls"


def test_province_page_words_every_figure_with_coverage_and_like_for_like_change():
    without_s2 = VALUES[~((VALUES["period"] == "2016Q3") & (VALUES["unit_id"] == 2))]
    page = province.build(quarter(without_s2), shown={"S1", "S2", "H1"}, trend_values=without_s2)
    firewall = next(r for r in page["rows"] if r.spec.code == "fw")
    figure, change = firewall.get("reporting"), firewall.change("reporting")
    assert (figure.text, figure.coverage_text) == ("2/2", "2/3 sở, ngành, UBND huyện, thành phố đã nộp")
    # S1 and H1 are compared: 1/2 → 2/2 firewalls (S2, gone this quarter, is left out).
    assert (change.text, change.word, change.matched) == ("+1 đơn vị", "tốt lên", 2)
    assert breakdown(firewall.figures) == "cấp tỉnh 1/1 (1/2 đã nộp), cấp huyện 1/1"
    heads = {h.group: h for h in page["column_heads"]}
    assert (heads["province"].coverage, heads["province"].complete) == ("1/2 sở, ban, ngành đã nộp", False)
    rows = {r["code"]: r for r in page["table"].data.data}
    assert rows["S2"]["status_label"] == "Chưa có báo cáo" and rows["S2"]["rank_text"] == "–"
    assert "Chưa có báo cáo (không có trên biểu đồ): B." in page["unit_charts"][0].note


def test_ranking_page_lists_every_unit_of_the_level():
    without_s2 = VALUES[~((VALUES["period"] == "2016Q3") & (VALUES["unit_id"] == 2))]
    page = ranking.build(quarter(without_s2), level="department")
    assert [r["code"] for r in page["table"].data.data] == ["S1", "S2"]
    assert (page["ranked_count"], page["unranked_count"], page["level_count"]) == (1, 1, 2)
    assert page["chart"].note == "Chưa có báo cáo (không có trên biểu đồ): B."


def test_district_list_ranks_the_districts_with_their_communes():
    page = districts.build(quarter())
    (row,) = page["table"].data.data
    assert row["code"] == "H1" and row["received_text"] == "4/4" and row["rank"] == 1
    assert row["url"] == "/reports/districts/H1/?period=2016Q3"
