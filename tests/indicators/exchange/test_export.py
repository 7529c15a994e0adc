"""Export in the long format: the command, the admins' download, the byte-order mark,
and the round trip export → import into a database without reports → same figures."""

import io
import json

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Evidence, Period, Report, ReportValue
from reports import aggregation, selectors
from tests.indicators.conftest import GOOD, login

pytestmark = pytest.mark.django_db


def test_command_writes_counted_values_with_bom_and_plain_numbers(world, capsys):
    call_command("export_values", "--period", "2017Q2")
    out = capsys.readouterr().out
    assert out.startswith("\ufeffunit_code,period,element_code,value,comment\n")
    lines = out.splitlines()[1:]
    assert len(lines) == 3 * len(GOOD)  # D1, D2, H1 approved in 2017Q2
    assert "D1,2017Q2,staff_total,50," in lines
    with pytest.raises(CommandError, match="Không có kỳ báo cáo"):
        call_command("export_values", "--period", "2099Q9")


def test_admin_downloads_csv_with_bom_and_xlsx_with_numbers(client, world):
    login(client, world.admin)
    response = client.get(reverse("exchange:export"), {"period": "2017Q2"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeffunit_code".encode())
    assert "D1,2017Q2,email_accounts,30," in response.content.decode("utf-8-sig")
    response = client.get(reverse("exchange:export"), {"period": "2017Q2", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["unit_code", "period", "element_code", "value", "comment"]
    assert sheet["D2"].value == 50 and isinstance(sheet["D2"].value, int)
    assert client.get(reverse("exchange:export"), {"period": "1999Q1"}).status_code == 404


def all_figures() -> dict:
    """Every indicator of every quarter with counted reports, by level, district and
    unit: the engine of the ``figures`` command, run once per grouping."""
    periods = list(Period.objects.with_data())
    if not periods:
        return {}
    values, units, specs = selectors.value_frame(periods=periods), selectors.unit_frame(), selectors.indicator_specs()
    return {
        by: aggregation.figures(values, units, specs, by=by)
        .sort_values(["period", "group", "indicator"])
        .reset_index(drop=True)
        for by in ("level", "district", "unit")
    }


def test_export_then_import_into_a_database_without_reports_reproduces_every_figure(demo, tmp_path, capsys):
    path = tmp_path / "all.csv"
    call_command("export_values", "--output", str(path))
    before = all_figures()
    assert sorted(before["level"]["period"].unique()) == [p.code for p in Period.objects.with_data()]
    assert len(before["level"]["period"].unique()) >= 8  # the eight old quarters and the recent ones
    out = io.StringIO()
    call_command("figures", "--period", "2016Q3", stdout=out)
    province_q3 = {r["indicator"]: r for r in json.loads(out.getvalue()) if r["group"] == "reporting"}
    assert province_q3["firewall_units"]["numerator"] == 23  # the published figures are in the file

    # An empty database: units, catalogue and quarters, no report (the demo has no audit trail;
    # evidence files and registers are not part of the exchange format).
    Evidence.objects.all().delete()
    ReportValue.objects.all().delete()
    Report.objects.all().delete()
    assert all_figures() == {}

    call_command("import_values", str(path), "--user", "demo-admin", "--commit", "--no-progress")
    assert "Đã ghi" in capsys.readouterr().out
    after = all_figures()
    for by, frame in before.items():
        pd.testing.assert_frame_equal(after[by], frame)
    out = io.StringIO()
    call_command("figures", "--period", "2016Q3", stdout=out)
    assert {r["indicator"]: r for r in json.loads(out.getvalue()) if r["group"] == "reporting"} == province_q3
    again = tmp_path / "again.csv"
    call_command("export_values", "--output", str(again))
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
