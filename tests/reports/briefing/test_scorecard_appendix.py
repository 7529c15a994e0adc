"""The briefing prints the scorecard as an appendix: per level and indicator with a
target in the quarter's year, the units in each class, the same as the dashboard's
scorecard; a year without targets has no such appendix (issue 22)."""

import datetime

from django.urls import reverse

from indicators.models import Period
from reports.briefing.content import briefing_build


def _briefing(code: str):
    period = Period.objects.get(code=code)
    return briefing_build(period=period, compare=None, session_date=datetime.date(2026, 10, 20))


def test_the_appendix_counts_what_the_scorecard_page_shows(demo, admin_client):
    appendices = _briefing("2026Q3").appendices
    appendix = appendices[-1]
    assert appendix.key == "scorecard"  # the last, numbered after the others (the map's, III)
    assert appendix.number == ["Phụ lục III", "Phụ lục IV"][len(appendices) - 3]
    assert "KH 38/KH-UBND năm 2024" in appendix.paragraphs[1]
    rows = {row.label: [int(c.text.replace(".", "")) for c in row.cells] for row in appendix.table.rows}
    commune = rows["Cấp xã – Hồ sơ xử lý trên mạng (chỉ tiêu 70%)"]
    page = admin_client.get(reverse("reports:scorecard"), {"period": "2026Q3", "level": "commune"})
    scored = page.context["scored"][0]
    assert commune == [n for _code, _label, n in scored.counts]
    assert sum(commune) == 96  # every commune of the merged province, reported or not


def test_a_year_without_targets_has_no_scorecard_appendix(demo):
    assert "scorecard" not in [s.key for s in _briefing("2016Q3").appendices]
