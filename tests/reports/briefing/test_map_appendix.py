"""The communes' map in the briefing (issue 22): a vector figure of today's communes,
one area per commune with the map page's figure, the legend and threshold beside it."""

import base64
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from indicators.models import Period
from reports.briefing.content import briefing_build
from reports.pages.commune_map import DEFAULT_INDICATOR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["2026Q3", "2016Q3"])
def test_the_briefing_prints_the_map_pages_figures(demo, client, code):
    briefing = briefing_build(period=Period.objects.get(code=code), compare=None)
    appendix = next(s for s in briefing.appendices if s.key == "map")
    assert appendix.chart.svg.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(appendix.chart.svg.split(",", 1)[1]).decode()
    titles = dict(re.findall(r"<title>([^<:]+): ([^<]*)</title>", svg))
    assert svg.count("<path ") == 96 and len(titles) == 96
    assert "Ngưỡng của tỉnh" in svg
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    page = client.get(reverse("reports:map"), {"period": code, "indicator": DEFAULT_INDICATOR})
    for row in page.context["table"].data.data:
        if row["figure"] is not None:
            assert unescape(titles[row["short_name"]]).startswith(str(row["figure_text"])), row["code"]
