"""Table rows kept between builds (``reports.row_memo``): a kept row is the row a fresh
build gives, whatever changed in between; a page's changes to its rows stay its own;
nothing is shared between languages."""

import pandas as pd
import pytest
from django.utils import translation

from reports import row_memo
from reports.aggregation import figures, ranking, readiness_index, report_states
from reports.rows import DeferredText
from reports.rows_ranking import ranking_records
from reports.rows_units import unit_records
from tests.reports.test_dashboard_aggregation import FIREWALL, PER_STAFF, SPECS, UNITS, VALUES

APPROVED = pd.DataFrame([(1, "approved", False), (2, "submitted", True)], columns=["unit_id", "status", "is_late"])


@pytest.fixture(autouse=True)
def empty_memo():
    row_memo.clear()
    yield
    row_memo.clear()


def table(values, reports=APPROVED):
    unit_values = figures(values, UNITS, SPECS, by="unit")
    current = unit_values[unit_values["period"] == "2016Q3"]
    ranked = ranking(readiness_index(current, SPECS), UNITS)
    states = report_states(UNITS, reports)
    return unit_values, states, ranked


def unit_rows(values, reports=APPROVED):
    unit_values, states, ranked = table(values, reports)
    return unit_records(UNITS, unit_values, states, ranked, [PER_STAFF, FIREWALL], period="2016Q3")


def plain(rows):
    """Rows with their texts worded, to compare two builds."""
    return [{k: str(v) if isinstance(v, DeferredText) else v for k, v in row.items()} for row in rows]


def fresh(build):
    row_memo.clear()
    return plain(build())


def test_only_new_keys_are_built_and_rows_are_copies():
    built = []

    def build(key):
        built.append(key)
        return {"key": key}

    first = row_memo.reuse(("t",), ["a", "b"], build)
    first[0]["url"] = "/changed/"
    second = row_memo.reuse(("t",), ["a", "b", "c"], build)
    assert built == ["a", "b", "c"]
    assert second == [{"key": "a"}, {"key": "b"}, {"key": "c"}]  # the page's change stayed its own


def test_languages_keep_their_own_rows():
    with translation.override("vi"):
        vietnamese = unit_rows(VALUES)
    with translation.override("en"):
        english = unit_rows(VALUES)
    assert (vietnamese[1]["status_label"], vietnamese[5]["status_label"]) == ("Đã nộp", "Chưa có báo cáo")
    assert (english[1]["status_label"], english[5]["status_label"]) == ("Submitted", "No report")
    assert (vietnamese[0]["fw_text"], english[0]["fw_text"]) == ("Có", "Yes")


def test_a_kept_unit_row_is_the_row_a_fresh_build_gives_after_any_change():
    before = unit_rows(VALUES)
    # One unit's figures corrected, another's report returned: the rows built with the
    # memo equal a build from nothing, and the changed rows did change.
    changed = VALUES.copy()
    changed.loc[(changed["period"] == "2016Q3") & (changed["unit_id"] == 1), "computers_total"] += 7
    returned = pd.DataFrame([(1, "approved", False), (2, "returned", False)], columns=["unit_id", "status", "is_late"])
    after = plain(unit_rows(changed, returned))
    assert after == fresh(lambda: unit_rows(changed, returned))
    assert after != plain(before)
    assert after[0]["cps"] != before[0]["cps"] and after[1]["status"] == "returned"


def test_a_kept_ranking_row_is_the_row_a_fresh_build_gives():
    departments = UNITS[UNITS["level"] == "department"]

    def rows(values, reports):
        unit_values, states, ranked = table(values, reports)
        return ranking_records(ranked[ranked["level"] == "department"], departments, states)

    before = plain(rows(VALUES, APPROVED))
    changed = VALUES[(VALUES["period"] == "2016Q3") & (VALUES["unit_id"] != 1)]
    after = plain(rows(changed, APPROVED))
    assert after == fresh(lambda: rows(changed, APPROVED))
    assert [r["code"] for r in after] != [r["code"] for r in before] or after != before


def test_a_kept_district_row_is_the_row_a_fresh_build_gives():
    from reports.pages import districts
    from tests.reports.test_pages import quarter

    def rows(values):
        return plain(districts.build(quarter(values))["table"].data.data)

    before = rows(VALUES)
    changed = VALUES.copy()
    changed.loc[(changed["period"] == "2016Q3") & (changed["unit_id"] == 4), "computers_total"] += 5
    after = rows(changed)
    assert after == fresh(lambda: districts.build(quarter(changed))["table"].data.data)
    assert after != before
