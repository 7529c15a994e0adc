"""Quý III/2016 of the demo data reproduces every figure the provincial press published."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from indicators.demo import demo_quarters
from indicators.models import Period, PeriodSource, Report, ReportStatus
from units.models import Level, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(demo, capsys):
    call_command("figures", "--period", "2016Q3", "--by", "level", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    return {(r["group"], r["indicator"]): r for r in rows}


def fraction(row):
    return row["numerator"], row["denominator"]


def test_hierarchy_matches_2016(demo):
    # The units of 2016 (the demo also holds those opened on 01/07/2025).
    in_2016 = Unit.objects.active_during(datetime.date(2016, 7, 1), datetime.date(2016, 9, 30))
    assert in_2016.filter(level=Level.DEPARTMENT).count() == 20
    assert in_2016.filter(level=Level.DISTRICT).count() == 10
    assert in_2016.filter(level=Level.COMMUNE).count() == 102
    assert not Unit.objects.filter(parent__level=Level.DISTRICT, active_from__isnull=False).exists()
    counts = {u.code: u.children.count() for u in Unit.objects.filter(level=Level.DISTRICT)}
    assert counts == {
        "H01": 21,
        "H02": 12,
        "H03": 11,
        "H04": 9,
        "H05": 11,
        "H06": 8,
        "H07": 7,
        "H08": 9,
        "H09": 11,
        "H10": 3,
    }


@pytest.mark.parametrize(
    "indicator",
    ["portal_units", "lan_internet_units", "specialized_network_units", "antivirus_units", "edoc_units"],
)
def test_thirty_of_thirty(figures, indicator):
    assert fraction(figures[("reporting", indicator)]) == (30, 30)


def test_computers_per_staff_91_93_89(figures):
    assert round(figures[("reporting", "computers_per_staff")]["value"]) == 91
    assert round(figures[("province", "computers_per_staff")]["value"]) == 93
    assert round(figures[("district", "computers_per_staff")]["value"]) == 89


def test_servers_106_67_39(figures):
    assert figures[("reporting", "servers_total")]["value"] == 106
    assert figures[("province", "servers_total")]["value"] == 67
    assert figures[("district", "servers_total")]["value"] == 39


def test_firewall_23_of_30_and_email_19_of_30(figures):
    assert fraction(figures[("reporting", "firewall_units")]) == (23, 30)
    assert fraction(figures[("reporting", "official_email_units")]) == (19, 30)
    assert round(figures[("reporting", "official_email_units")]["value"] * 100) == 63


def test_more_than_2100_internet_computers_97_percent(figures):
    assert figures[("reporting", "computers_internet_total")]["value"] > 2100
    assert round(figures[("reporting", "internet_computer_rate")]["value"]) == 97


def test_demo_has_eight_old_quarters_and_the_two_of_today_and_labels_the_made_up_ones(demo):
    done, open_code = demo_quarters(timezone.localdate())
    periods = list(Period.objects.order_by("year", "quarter"))
    old = ["2015Q4", "2016Q1", "2016Q2", "2016Q3", "2016Q4", "2017Q1", "2017Q2", "2017Q3"]
    assert [p.code for p in periods] == [*old, done, open_code]
    assert [p.code for p in periods if not p.is_demo] == ["2016Q3"]
    assert [p.code for p in periods if p.is_published] == ["2016Q3"]
    assert periods[3].label == "Quý III/2016"
    assert [p.code for p in periods if not p.is_locked] == [open_code]


def test_demo_quarter_in_progress_is_the_one_of_today():
    assert demo_quarters(datetime.date(2026, 11, 30)) == ("2026Q3", "2026Q4")
    assert demo_quarters(datetime.date(2027, 1, 2)) == ("2026Q4", "2027Q1")


def test_open_quarter_leaves_work_for_every_demo_role_before_the_merger(demo_before_merger):
    # ``load_demo --before-merger``: the 2016 structure in the quarter in progress (the
    # default demo's open quarter: tests/indicators/test_demo_merged.py).
    today = timezone.localdate()
    period = Period.objects.get(code=demo_quarters(today)[1])
    assert period.opens_on <= today < period.deadline  # open now, nothing is late yet
    reports = Report.objects.filter(period=period)
    assert not reports.filter(unit__code="S11").exists()  # demo-officer: not started
    assert reports.get(unit__code="H02").status == ReportStatus.DRAFT  # demo-district
    communes = {r.unit.code: r.status for r in reports.filter(unit__parent__code="H02").select_related("unit")}
    assert 0 < len(communes) < 12  # demo-district: some communes not started
    assert ReportStatus.DRAFT in communes.values()
    assert ReportStatus.SUBMITTED in communes.values()  # demo-district-reviewer
    # demo-reviewer: departments and districts waiting; nothing is marked late.
    assert reports.filter(unit__level__in=["department", "district"], status=ReportStatus.SUBMITTED).count() >= 3
    assert not reports.filter(is_late=True).exists()
    assert not reports.filter(submitted_at__gt=timezone.now()).exists()


def test_load_demo_is_idempotent(demo, version_deferred):
    before = (Unit.objects.count(), Report.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Unit.objects.count(), Report.objects.count()) == before


def test_demo_figures_respect_the_catalogue_rules(demo):
    from indicators import form_specs, rules
    from indicators.models import ReportValue

    values, quarter = {}, {}
    for report_id, period, code, value in ReportValue.objects.values_list(
        "report_id", "report__period__code", "element__code", "value"
    ):
        values.setdefault(report_id, {})[code] = value
        quarter[report_id] = period
    for report_id, row in values.items():
        # The rules in force in the report's quarter (the 2016 ones, or the 2026 revision's).
        assert rules.check_rules(form_specs.rule_specs(quarter[report_id]), row) == [], (quarter[report_id], row)
        assert row["staff_total"] > 0


def test_load_demo_marks_the_published_quarter_again_after_the_migration(demo, version_deferred):
    # A database migrated from the old demo flag has the published quarter "entered".
    Period.objects.filter(code="2016Q3").update(source=PeriodSource.ENTERED)
    call_command("load_demo", verbosity=0)
    assert Period.objects.get(code="2016Q3").source == PeriodSource.PUBLISHED
    assert Period.objects.get(code="2017Q3").source == PeriodSource.DEMO


def test_a_merged_agencys_figures_are_the_same_in_every_process():
    # Each yes/no item draws from the agency's own random stream: iterated as a set of
    # strings, their order (and so which item got which draw) changed with the hash seed.
    import subprocess
    import sys

    script = (
        "from indicators.demo_figures import with_counterpart;"
        "row = dict(staff_total=30, computers_total=25, computers_internet=20, computers_low_spec=3,"
        " email_accounts=20, uses_official_email=1, has_internet=1, has_firewall=0, has_antivirus=0, has_lan=0);"
        "yes_no = {'uses_official_email', 'has_internet', 'has_firewall', 'has_antivirus', 'has_lan'};"
        "print(with_counterpart(row, 'QS13', yes_no))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1, outputs
