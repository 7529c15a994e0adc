"""The briefing of today's province (issue 20): the structure of its quarter, its
coverage of the units in force, claims that stand on the figures beside them, and the
export form's defaults. Content and the rendered HTML only (no PDF: the PDF tests lay
out Quý III/2016 once per session)."""

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from indicators.demo import demo_quarters
from indicators.models import Period, Report
from indicators.models.evidence import Evidence
from reports import selectors
from reports.briefing import claims
from reports.briefing.content import briefing_build
from reports.briefing.figures import briefing_figures
from reports.briefing.render import render_html
from units.models import Level, Unit

DAY = datetime.date(2026, 12, 7)


def build(code: str, compare: str | None):
    period = Period.objects.get(code=code)
    compare = Period.objects.get(code=compare) if compare else None
    return briefing_build(period=period, compare=compare, session_date=DAY)


def rendered_text(briefing) -> str:
    """The briefing's text as the PDF prints it (its HTML, tags taken out)."""
    text = re.sub(r"<[^>]+>", " ", render_html(briefing, charts_drawn=False))
    return re.sub(r"\s+", " ", html.unescape(text))


def section(briefing, key):
    sections = [s for p in briefing.parts for s in p.sections] + briefing.appendices
    return next(s for s in sections if s.key == key)


def today_quarters():
    """(the last complete quarter, the quarter in progress) of the demo: Quý III and
    IV/2026 on the day these tests were written."""
    return demo_quarters(timezone.localdate())


def drop_reports(period: Period, units) -> None:
    """The units' reports of ``period`` gone, their evidence files first (protected)."""
    reports = Report.objects.filter(period=period, unit__in=units)
    Evidence.objects.filter(report__in=reports).delete()
    reports.delete()


def communes_of(period: Period):
    return Unit.objects.filter(level=Level.COMMUNE).active_during(period.start_date, period.end_date)


# --- Point 4: the structure of the quarter -------------------------------------------------


@pytest.mark.parametrize("which", [0, 1])
def test_a_quarter_without_districts_has_no_district_column_row_or_legend(demo, which):
    code = today_quarters()[which]
    periods = [p.code for p in selectors.periods_with_data()]
    briefing = build(code, periods[periods.index(code) - 1])
    for part_section in briefing.parts[0].sections:
        header = part_section.table.header
        assert header[:3] == ("Chỉ số", header[1], header[2])
        assert header[1].startswith("Cấp tỉnh") and header[2].startswith("Cấp xã"), header
        assert not any("huyện" in h for h in header), header
        assert all(len(row.cells) == len(header) - 1 for row in part_section.table.rows)
        # Across the reorganisation (Quý III/2017) no department compares: no columns
        # of "–"; with Quý III/2026 the same departments do.
        assert len(header) == (3 if which == 0 else 5), header
        if part_section.chart is not None and part_section.key != "human_resources":
            legend = [trace["name"] for trace in part_section.chart.figure.to_plotly().to_dict()["data"]]
            assert "Cấp huyện" not in legend and "Cấp tỉnh" in legend, legend
    if which == 0:
        # Every department of 2026 was formed partly from the former Quảng Ngãi's, which
        # never reported on the portal: a partial reconstruction compares nothing, and
        # "nobody got worse" is not said of units nobody could compare.
        assert section(briefing, "infrastructure").change.startswith(
            "Không có đơn vị nào có số liệu ở cả hai quý để so sánh."
        )
        worse = section(briefing, "worse").paragraphs
        assert worse[0].startswith("Không đơn vị nào có số liệu riêng ở cả ") and "không so sánh được" in worse[0]
    completeness = section(briefing, "completeness").table
    labels = [row.label for row in completeness.rows]
    assert labels == ["Cấp tỉnh", "Cấp xã"]  # not also a "Sở, ban, ngành" row just like the first
    assert [row.label for row in section(briefing, "units").table.rows if row.is_subhead] == ["Cấp tỉnh"]
    text = rendered_text(briefing)
    assert "Cấp huyện" not in text and "cấp huyện" not in text and "thị trấn" not in text
    assert "Xã, phường, đặc khu khác" in " ".join(str(t.get("y")) for t in _staffing_traces(briefing))


def _staffing_traces(briefing):
    chart = section(briefing, "human_resources").chart
    return chart.figure.to_plotly().to_dict()["data"] if chart is not None else []


def test_quy_iii_2016_keeps_its_published_layout(demo):
    briefing = build("2016Q3", "2016Q2")
    infrastructure = section(briefing, "infrastructure")
    assert infrastructure.table.header == (
        "Chỉ số",
        "Cấp tỉnh và cấp huyện",
        "Cấp tỉnh",
        "Cấp huyện",
        "Cấp xã",
        "Quý II/2016 (cùng 30 đơn vị)",
        "Thay đổi",
    )
    completeness = section(briefing, "completeness").table
    assert [row.label for row in completeness.rows] == ["Sở, ban, ngành, UBND huyện", "Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    assert [c.text for c in completeness.rows[0].cells][:2] == ["30", "30"]
    assert "tổng hợp từ báo cáo đã nộp của 30/30 sở, ban, ngành, UBND huyện, thành phố" in briefing.intro
    assert infrastructure.change.startswith("So với Quý II/2016, cùng 30 đơn vị, ")
    assert (
        section(briefing, "weak_communes")
        .paragraphs[0]
        .startswith("Mặt yếu tập trung ở cấp xã, nhất là các xã vùng sâu, vùng xa.")
    )
    assert not any("toàn tỉnh" in note for note in briefing.notes)  # every unit in force reports


# --- Point 3: coverage of the units in force ----------------------------------------------


def test_units_joining_the_portal_later_count_in_the_territory_not_as_missing(demo):
    done = today_quarters()[0]
    period = Period.objects.get(code=done)
    joining = list(communes_of(period).order_by("-code")[:5])
    Unit.objects.filter(pk__in=[u.pk for u in joining]).update(
        reports_from=period.end_date + datetime.timedelta(days=1)
    )
    drop_reports(period, joining)
    in_force = communes_of(period).count()
    briefing = build(done, None)
    sent = in_force - 5
    assert f"{sent}/{in_force} xã, phường, đặc khu" in briefing.intro
    assert any(
        note.startswith(f"Số liệu chưa bao quát toàn tỉnh: 5/{in_force} xã, phường, đặc khu đang hoạt động")
        for note in briefing.notes
    )
    completeness = section(briefing, "completeness")
    commune_row = next(row for row in completeness.table.rows if row.label == "Cấp xã")
    assert [c.text for c in commune_row.cells][:2] == [str(sent), str(sent)]  # due: those on the portal
    assert "5 đơn vị đang hoạt động chưa báo cáo trên cổng trong quý này: không tính là phải nộp." in (
        completeness.paragraphs
    )
    header = section(briefing, "infrastructure").table.header
    assert header[2] == f"Cấp xã ({sent}/{in_force} xã, phường, đặc khu đã nộp (5 đơn vị chưa báo cáo trên cổng))"
    assert "toàn tỉnh" not in briefing.intro


def test_a_unit_that_joined_later_is_left_out_of_the_comparison_and_said_so(demo):
    done, current = today_quarters()
    before = Period.objects.get(code=done)
    department = (
        Unit.objects.filter(level=Level.DEPARTMENT, reports__period__code=current, reports__status="approved")
        .order_by("sort_order")
        .first()
    )
    commune = (
        Unit.objects.filter(
            level=Level.COMMUNE, reports__period__code=current, reports__status__in=["approved", "submitted"]
        )
        .order_by("sort_order")
        .first()
    )
    joined = [department.pk, commune.pk]
    Unit.objects.filter(pk__in=joined).update(reports_from=before.end_date + datetime.timedelta(days=1))
    drop_reports(before, joined)
    briefing = build(current, done)
    change = section(briefing, "infrastructure").change
    # The departments' changes, then the communes' (they report straight to the
    # province), each saying what it leaves out.
    departments, communes = change.split(" Ở cấp xã, so với ")
    assert "1 đơn vị không so sánh được (chưa nộp, mới thành lập" in departments
    assert communes.startswith(f"{Period.objects.get(code=done).label}, cùng ")
    assert "1 đơn vị không so sánh được (chưa nộp, mới thành lập" in communes
    worse = section(briefing, "worse").paragraphs
    assert worse[0].startswith("So sánh chỉ tính ") and "đơn vị không so sánh được" in worse[0]


# --- Point 8: each claim from the figures beside it -----------------------------------------


def test_the_remote_claim_disappears_when_no_commune_is_flagged_remote(demo):
    done, current = today_quarters()
    text = rendered_text(build(current, done))
    assert "nhất là các xã vùng sâu, vùng xa" in text  # the demo's remote communes are the weaker ones
    assert "xã, phường, đặc khu có chỉ số giảm (trong đó " in text
    Unit.objects.filter(level=Level.COMMUNE).update(is_remote=False)
    briefing = build(current, done)
    text = rendered_text(briefing)
    assert "vùng sâu" not in text  # no claim, no column of zeros, no "trong đó 0 xã vùng sâu"
    assert "Mặt yếu tập trung ở cấp xã. Số xã, phường, đặc khu có chỉ số dưới ngưỡng yêu cầu:" in text
    assert len(section(briefing, "weak_communes").table.header) == 3
    assert section(briefing, "human_resources").chart is None  # no empty "remote" bar


def test_the_remote_claim_disappears_when_the_remote_communes_are_the_best(demo):
    done = today_quarters()[0]
    period = Period.objects.get(code=done)
    pairs = claims.assessed(briefing_figures(period=period, compare=None))
    communes = pairs[pairs["level"] == Level.COMMUNE]
    weak_by_unit = communes.groupby("unit_id")["weak"].mean().sort_values(kind="stable")
    best = list(weak_by_unit.index[: len(weak_by_unit) // 3])
    Unit.objects.filter(level=Level.COMMUNE).update(is_remote=False)
    Unit.objects.filter(pk__in=best).update(is_remote=True)
    briefing = build(done, None)
    opening = section(briefing, "weak_communes").paragraphs[0]
    assert "vùng sâu" not in opening
    text = rendered_text(briefing)
    assert "nhất là các xã vùng sâu, vùng xa" not in text and "trước hết tại các xã vùng sâu, vùng xa" not in text


def test_concentration_claims_compare_weak_rates():
    import pandas as pd

    def pairs(rows):
        return pd.DataFrame(rows, columns=["unit_id", "level", "is_remote", "indicator", "weak"])

    rows = [
        (1, "department", False, "a", False),
        (1, "department", False, "b", True),
        (2, "commune", True, "a", True),
        (2, "commune", True, "b", True),
        (3, "commune", False, "a", False),
        (3, "commune", False, "b", True),
    ]
    assert claims.communes_weakest(pairs(rows)) and claims.remote_weakest(pairs(rows))
    flipped = [(u, lvl, not r if lvl == "commune" else r, i, w) for u, lvl, r, i, w in rows]
    assert not claims.remote_weakest(pairs(flipped))
    nobody_remote = [(u, lvl, False, i, w) for u, lvl, _r, i, w in rows]
    assert not claims.remote_weakest(pairs(nobody_remote))
    strong_communes = [(u, lvl, r, i, w if lvl == "department" else False) for u, lvl, r, i, w in rows]
    assert not claims.communes_weakest(pairs(strong_communes))


# --- Points 5 and 9: the export form ---------------------------------------------------------


def test_export_form_opens_on_the_last_complete_quarter_and_names_todays_province(demo, client):
    client.force_login(get_user_model().objects.get(username="demo-admin"))
    page = client.get(reverse("briefing:export")).content.decode()
    done, current = today_quarters()
    assert f'<option value="{done}" selected>' in page
    assert f'<option value="{current}">' in page  # the quarter in progress, one click away
    assert "Quảng Ngãi, ngày … tháng … năm …" in page and "Kon Tum" not in page
