import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("figures", *args, stdout=out)
    return out.getvalue()


def test_json_rows_have_the_contract_keys(demo):
    rows = json.loads(run("--period", "2016Q3", "--format", "json"))
    assert rows and set(rows[0]) == {
        "group",
        "indicator",
        "numerator",
        "denominator",
        "value",
        "units_counted",
        "units_expected",
        "units_in_force",
    }
    assert {r["group"] for r in rows} == {"reporting", "province", "district", "commune"}
    firewall = next(r for r in rows if r["group"] == "reporting" and r["indicator"] == "firewall_units")
    assert (firewall["numerator"], firewall["denominator"]) == (23, 30)
    servers = next(r for r in rows if r["group"] == "province" and r["indicator"] == "servers_total")
    assert servers == {
        "group": "province",
        "indicator": "servers_total",
        "numerator": 67,
        "denominator": None,
        "value": 67,
        "units_counted": 20,
        "units_expected": 20,
        "units_in_force": 20,
    }


def test_csv_gives_the_same_rows_as_json(demo):
    as_json = json.loads(run("--period", "2016Q3", "--by", "district", "--format", "json"))
    as_csv = list(csv.DictReader(io.StringIO(run("--period", "2016Q3", "--by", "district", "--format", "csv"))))
    assert len(as_csv) == len(as_json)
    assert [(r["group"], r["indicator"]) for r in as_csv] == [(r["group"], r["indicator"]) for r in as_json]
    assert {r["group"] for r in as_json} == {f"H{n:02d}" for n in range(1, 11)}


def test_by_unit_uses_unit_codes(demo):
    rows = json.loads(run("--period", "2016Q3", "--by", "unit", "--indicator", "firewall_units"))
    assert len(rows) == 132
    it_department = next(r for r in rows if r["group"] == "S11")
    assert it_department["denominator"] == 1


@pytest.mark.parametrize("period", ["2016Q9", "2030Q1", "abc", "2016-Q3"])
def test_unknown_period_is_a_clear_error(demo, period):
    with pytest.raises(CommandError, match="Không có kỳ báo cáo"):
        run("--period", period)


def test_unknown_indicator_is_a_clear_error(demo):
    with pytest.raises(CommandError, match="Không có chỉ số: nope"):
        run("--period", "2016Q3", "--indicator", "nope")


def test_rows_say_how_many_units_they_cover(demo):
    rows = json.loads(run("--period", "2017Q3", "--indicator", "firewall_units"))
    by_group = {r["group"]: r for r in rows}
    # Three of the 30 reporting units have not sent their report of Q3/2017.
    assert (by_group["reporting"]["units_counted"], by_group["reporting"]["units_expected"]) == (27, 30)
    assert by_group["reporting"]["denominator"] == 27
    assert by_group["commune"]["units_expected"] == 102
    assert by_group["commune"]["units_counted"] < 102


def test_a_quarter_without_districts_has_no_district_or_reporting_group(demo):
    rows = json.loads(run("--period", "2026Q3", "--format", "json"))
    assert {r["group"] for r in rows} == {"province", "commune"}
    # The communes' figure says how many of the communes in force it covers.
    commune = next(r for r in rows if r["group"] == "commune" and r["indicator"] == "firewall_units")
    assert commune["units_in_force"] >= commune["units_expected"] >= commune["units_counted"] > 0
