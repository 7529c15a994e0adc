"""How the briefing words figures and dresses charts: pure functions, no database."""

import datetime
import uuid

import plotly.graph_objects as go
import pytest
from django.utils import translation

from indicators.models import Period
from reports.aggregation import IndicatorSpec
from reports.briefing import phrases, render
from reports.briefing.content import date_phrase
from reports.briefing.forms import BriefingForm
from reports.figures import FigureRow, make_change, make_figure

SERVERS = IndicatorSpec(code="servers_total", name="Số máy chủ", numerator="servers")
COMPUTERS_ONLINE = IndicatorSpec(code="computers_internet_total", name="Số máy tính", numerator="computers_internet")
PER_STAFF = IndicatorSpec(
    code="computers_per_staff",
    name="Tỷ lệ máy tính/cán bộ, công chức, viên chức",
    numerator="computers_total",
    denominator="staff_total",
    factor=100,
    suffix="%",
)
FIREWALL = IndicatorSpec(
    code="firewall_units",
    name="Đơn vị được trang bị tường lửa",
    numerator="has_firewall",
    denominator="1",
    weak_label="Chưa có tường lửa",
)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def row(spec, **groups) -> FigureRow:
    """groups: level → (numerator, denominator, value)."""
    result = FigureRow(spec=spec)
    for group, (n, d, v) in groups.items():
        result.figures[group] = make_figure(spec, n, d, v, 30, 30)
    return result


def facts(*rows) -> phrases.Facts:
    return phrases.Facts({r.spec.code: phrases.Phrase(r) for r in rows})


def test_large_totals_read_as_the_press_rounds_them():
    assert phrases.Phrase(row(COMPUTERS_ONLINE, reporting=(2122, None, 2122))).about == "hơn 2.100"
    assert phrases.Phrase(row(COMPUTERS_ONLINE, reporting=(2100, None, 2100))).about == "2.100"
    assert phrases.Phrase(row(COMPUTERS_ONLINE, reporting=(950, None, 950))).about == "950"


def test_sentence_states_the_levels_like_the_articles():
    servers = row(SERVERS, reporting=(106, None, 106), province=(67, None, 67), district=(39, None, 39))
    per_staff = row(PER_STAFF, reporting=(2188, 2400, 91.17), province=(1209, 1300, 93.0), district=(979, 1100, 89.0))
    template = (
        "tỷ lệ máy tính/cán bộ đạt {computers_per_staff.levels}, {servers_total.text} máy chủ ({servers_total.split})"
    )
    assert phrases.fill(template, facts(servers, per_staff)) == (
        "tỷ lệ máy tính/cán bộ đạt 91% (cấp tỉnh 93%, cấp huyện 89%), 106 máy chủ (cấp tỉnh 67, cấp huyện 39)"
    )
    assert phrases.referenced_codes(template) == {"computers_per_staff", "servers_total"}


def test_sentence_with_an_indicator_missing_from_the_catalogue_or_a_level_is_left_out():
    servers = row(SERVERS, reporting=(106, None, 106))
    assert phrases.fill("{firewall_units.text} đơn vị", facts(servers)) is None
    assert phrases.fill("{servers_total.commune} máy chủ", facts(servers)) is None
    assert phrases.fill("{servers_total.text} máy chủ", facts(servers)) == "106 máy chủ"


def change(spec, before, now):
    """A change over 30 matched units: before/now are (numerator, denominator)."""
    return make_change(
        spec,
        numerator=now[0],
        denominator=now[1],
        previous_numerator=before[0],
        previous_denominator=before[1],
        matched=30,
        compare_label="Quý II/2016",
    )


def test_changes_read_in_percentage_points_or_from_before_to_now():
    # 2136/2400 = 89,0% → 2184/2400 = 91,0%: the text and the table both say 2 points.
    per_staff = change(PER_STAFF, (2136, 2400), (2184, 2400))
    assert per_staff.text == "+2 điểm %"
    assert phrases.change_clause(PER_STAFF, per_staff) == (
        "tỷ lệ máy tính/cán bộ, công chức, viên chức tăng 2 điểm phần trăm (từ 89% lên 91%)"
    )
    assert phrases.change_clause(FIREWALL, change(FIREWALL, (23, 30), (21, 30))) == (
        "đơn vị được trang bị tường lửa giảm từ 23/30 xuống 21/30"
    )
    assert phrases.change_clause(SERVERS, change(SERVERS, (102, None), (106, None))) == "số máy chủ tăng từ 102 lên 106"


def test_points_of_text_and_table_agree_when_the_exact_difference_would_round_otherwise():
    # 88,5% → 91,4% shows "từ 89% lên 91%": the change is the 2 points between the
    # shown values in the sentence and in the table (not 2,9 → 3).
    moved = change(PER_STAFF, (1770, 2000), (1828, 2000))
    assert (moved.before_text, moved.after_text, moved.text) == ("89%", "91%", "+2 điểm %")
    assert "tăng 2 điểm phần trăm (từ 89% lên 91%)" in phrases.change_clause(PER_STAFF, moved)


def test_a_unit_that_lost_an_item_or_fell_on_a_share_is_described():
    assert phrases.unit_change_text(FIREWALL, 1.0, 0.0, "Quý II/2016") == "chưa có tường lửa (Quý II/2016: có)"
    assert phrases.unit_change_text(PER_STAFF, 85.2, 78.4, "Quý II/2016") == (
        "tỷ lệ máy tính/cán bộ, công chức, viên chức giảm từ 85% xuống 78%"
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2016, 10, 14), "Kon Tum, ngày 14 tháng 10 năm 2016"),
        (datetime.date(2017, 2, 5), "Kon Tum, ngày 05 tháng 02 năm 2017"),
        (datetime.date(2017, 3, 9), "Kon Tum, ngày 09 tháng 3 năm 2017"),
    ],
)
def test_place_and_date_line_follows_decree_30(day, expected):
    assert date_phrase("Kon Tum", day) == expected


def quarters(*codes) -> list[Period]:
    return [Period(code=c, year=int(c[:4]), quarter=int(c[-1])) for c in codes]


def test_form_compares_with_the_latest_earlier_quarter_with_figures_by_default():
    periods = quarters("2016Q1", "2016Q3", "2016Q4")  # 2016Q2 has no figures
    data = {"period": "2016Q4", "compare": "", "session_title": "", "session_date": "2016-12-20"}
    form = BriefingForm(data, periods=periods)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["period"].code == "2016Q4"
    assert form.cleaned_data["compare_period"].code == "2016Q3"
    form = BriefingForm({**data, "period": "2016Q3"}, periods=periods)
    assert form.is_valid() and form.cleaned_data["compare_period"].code == "2016Q1"
    form = BriefingForm({**data, "period": "2016Q1"}, periods=periods)
    assert form.is_valid() and form.cleaned_data["compare_period"] is None


def test_form_can_leave_out_the_comparison():
    data = {"period": "2016Q3", "compare": "none", "session_title": "", "session_date": "2016-10-14"}
    form = BriefingForm(data, periods=quarters("2016Q2", "2016Q3"))
    assert form.is_valid() and form.cleaned_data["compare_period"] is None


def test_print_figure_uses_the_document_serif_without_touching_the_dashboard_figure():
    dashboard = go.Figure(go.Bar(x=[1, 2], y=["a", "b"]), layout={"height": 900, "title": {"text": "Tiêu đề"}})
    printed = render.print_figure(dashboard)
    assert printed["opts"] == {"format": "svg", "width": render.CHART_WIDTH, "height": render.MAX_CHART_HEIGHT}
    assert printed["fig"].layout.font.family.startswith("Tinos")
    assert printed["fig"].layout.title.text == ""
    assert dashboard.layout.height == 900 and dashboard.layout.title.text == "Tiêu đề"


def test_chromium_is_taken_from_browser_path_only_when_it_is_an_executable(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert render.find_chromium() is None  # not executable
    fake.chmod(0o755)
    assert render.find_chromium() == str(fake)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    assert render.find_chromium() is None


def test_drawings_are_shared_through_django_cache_and_cleared_for_every_node():
    """Two caches of one name stand for two app nodes: what one drew, the other
    reuses (Django's cache is Redis in production), and a clear reaches both."""
    name = f"test-{uuid.uuid4()}"
    node_a, node_b = render.SharedCache(name), render.SharedCache(name)
    figures = [render.print_figure(go.Figure(go.Bar(x=[i], y=[i]))) for i in range(2)]
    keys = [render.figure_key(f) for f in figures]
    assert keys[0] != keys[1]
    node_a.put(keys[0], b"<svg 0>")
    assert node_b.get(keys[0]) == b"<svg 0>"
    assert node_b.get(keys[1]) is None
    assert render.SharedCache(f"other-{uuid.uuid4()}").get(keys[0]) is None
    node_b.clear()
    assert node_a.get(keys[0]) is None


def test_a_browser_that_fails_to_start_leaves_notices_instead_of_charts(monkeypatch, tmp_path, caplog):
    from types import SimpleNamespace

    from reports.briefing.document import Chart

    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(broken))
    monkeypatch.setattr(render, "OPEN_TIMEOUT", 3)
    monkeypatch.setattr(render, "chart_server", render.ChartServer())
    monkeypatch.setattr(render, "svg_cache", render.SharedCache(f"test-{uuid.uuid4()}"))
    briefing = SimpleNamespace(charts=[Chart(key="x", caption="Hình thử", figure=go.Figure(go.Bar(x=[1], y=[1])))])
    assert render.render_charts(briefing) is False
    assert briefing.charts[0].svg == ""
    assert "apt-get install chromium" in caplog.text
    assert not render.chart_server.is_open
