"""What the briefing says for quarters other than the published one: missing reports,
units that got worse, no comparison quarter (content only, no PDF)."""

import datetime

import pytest

from indicators.models import Period, ReportValue
from reports.briefing.content import briefing_build


def build(code: str, compare: str | None, *, max_queries=None):
    period = Period.objects.get(code=code)
    compare = Period.objects.get(code=compare) if compare else None
    if max_queries is None:
        return briefing_build(period=period, compare=compare, session_date=datetime.date(2017, 10, 20))
    # catalogue, units, elements, values, reports, province, number and signer; the map's
    # communes and lineage (links, formers outside the portal)
    with max_queries(10):
        return briefing_build(period=period, compare=compare, session_date=datetime.date(2017, 10, 20))


def section(briefing, key):
    sections = [s for p in briefing.parts for s in p.sections] + briefing.appendices
    return next(s for s in sections if s.key == key)


def test_open_quarter_counts_only_sent_reports_and_lists_the_missing_ones(demo, django_assert_max_num_queries):
    briefing = build("2017Q3", "2017Q2", max_queries=django_assert_max_num_queries)
    # Sở TT&TT has not started, Đăk Glei is a draft, Ban Dân tộc was returned.
    assert "tổng hợp từ báo cáo đã nộp của 27/30 sở, ban, ngành" in briefing.intro
    completeness = section(briefing, "completeness")
    items = " ".join(completeness.items)
    assert "Chưa có báo cáo (" in items and "Sở Thông tin và Truyền thông" in items
    assert "Chưa nộp (đang nhập) (" in items and "UBND huyện Đăk Glei" in items
    assert "Bị trả lại, chưa nộp lại (1): Ban Dân tộc." in items
    first_row = completeness.table.rows[0]
    assert [c.text for c in first_row.cells][:2] == ["30", "27"]
    assert any("Các đơn vị chưa nộp hoặc nộp báo cáo muộn" in item for item in briefing.parts[2].items)
    assert "Số liệu Quý III/2017 là số liệu minh họa tự tạo" in " ".join(briefing.notes)


def test_unit_that_lost_its_firewall_is_named_among_weak_spots_and_those_that_got_worse(demo):
    # The first provincial body with a firewall in both quarters loses it in Quý III.
    firewalls = ReportValue.objects.filter(
        element__code="has_firewall", value=1, report__unit__level="department"
    ).order_by("report__unit__sort_order")
    had = set(firewalls.filter(report__period__code="2016Q2").values_list("report__unit_id", flat=True))
    value = firewalls.filter(report__period__code="2016Q3", report__unit_id__in=had).select_related("report__unit")[0]
    unit = value.report.unit
    ReportValue.objects.filter(pk=value.pk).update(value=0)
    briefing = build("2016Q3", "2016Q2")
    weak = " ".join(section(briefing, "weak").items)
    assert "Chưa có tường lửa (8/30 đơn vị): " in weak and unit.name in weak
    worse = section(briefing, "worse")
    assert f"{unit.name}: chưa có tường lửa (Quý II/2016: có)." in worse.items


def test_first_quarter_has_no_comparison_and_says_so(demo):
    briefing = build("2015Q4", None)
    assert all(s.change == "Chưa có số liệu của kỳ trước để so sánh." for s in briefing.parts[0].sections)
    assert all(len(s.table.header) == 5 for s in briefing.parts[0].sections)  # no previous/change columns
    assert section(briefing, "worse").paragraphs == ["Chưa có số liệu của kỳ trước để so sánh."]


@pytest.mark.parametrize("code", ["2016Q3"])
def test_published_quarter_sections_open_with_the_article_sentences(demo, code):
    briefing = build(code, "2016Q2")
    opening = {s.key: s.paragraphs[0] for s in briefing.parts[0].sections}
    assert opening["infrastructure"].startswith(
        "Về trang thiết bị, tỷ lệ máy tính/cán bộ đạt 91% (cấp tỉnh 93%, cấp huyện 89%)."
    )
    assert opening["security"].startswith("Về hạ tầng bảo đảm an toàn, an ninh thông tin, có 23/30 đơn vị")
    assert opening["applications"].startswith("Hiện nay, 30/30 đơn vị có trang thông tin điện tử thành phần.")
    assert "chỉ có cán bộ kiêm nhiệm" in opening["human_resources"]
    assert [c.caption for c in briefing.charts][:2] == [
        "Hạ tầng kỹ thuật theo cấp, Quý III/2016",
        "An toàn, an ninh thông tin theo cấp, Quý III/2016",
    ]


def all_text(briefing) -> str:
    """Every sentence, title, caption and heading of the briefing (not the unit names
    in tables: a closed unit's name may still say "huyện" in a past quarter)."""
    texts = [briefing.intro, briefing.subject, *briefing.notes, *briefing.recipients]
    for section in [s for p in briefing.parts for s in p.sections] + briefing.appendices:
        texts += [section.title, section.change, *section.paragraphs, *section.items]
        if section.table is not None:
            texts += [section.table.caption, *section.table.header]
        if section.chart is not None:
            texts.append(section.chart.caption)
    texts += [item for p in briefing.parts for item in p.items]
    return "\n".join(texts)


def test_a_quarter_after_the_merger_is_worded_for_the_hierarchy_without_districts(demo):
    from django.utils import timezone

    from indicators.demo import demo_quarters

    done = demo_quarters(timezone.localdate())[0]
    after = build(done, "2017Q3")
    text = all_text(after)
    # No district level and no townships since 01/07/2025.
    assert "huyện, thành phố" not in text and "thị trấn" not in text and "UBND huyện" not in text
    assert "tổng hợp từ báo cáo đã nộp của 15/15 sở, ban, ngành và " in after.intro
    assert " xã, phường, đặc khu, so sánh với Quý III/2017" in after.intro
    # The communes' own committees, đặc khu Lý Sơn's included.
    assert after.recipients[2:4] == ["Các sở, ban, ngành;", "UBND các xã, phường, đặc khu;"]
    assert section(after, "weak").title == "Sở, ban, ngành có chỉ số dưới ngưỡng yêu cầu"
    assert section(after, "weak_communes").title == "Xã, phường, đặc khu"
    # The province is the root unit active in the quarter: Kon Tum merged into Quảng Ngãi
    # on 01/07/2025 (the 2025 file closes one root and opens the other).
    assert after.issuer_parent == "UBND TỈNH QUẢNG NGÃI"
    assert after.place_date.startswith("Quảng Ngãi, ngày ")
    assert "Kon Tum" not in text


def test_a_quarter_before_the_merger_keeps_the_district_wording(demo):
    before = build("2016Q3", "2016Q2")
    assert before.issuer_parent == "UBND TỈNH KON TUM" and before.place_date.startswith("Kon Tum, ngày ")
    assert "sở, ban, ngành, UBND huyện, thành phố và " in before.intro and "xã, phường, thị trấn" in before.intro
    assert before.recipients[2:4] == ["Các sở, ban, ngành;", "UBND các huyện, thành phố;"]
    assert section(before, "weak").title == "Sở, ban, ngành, UBND huyện, thành phố có chỉ số dưới ngưỡng yêu cầu"
    assert section(before, "weak_communes").title == "Xã, phường, thị trấn"
