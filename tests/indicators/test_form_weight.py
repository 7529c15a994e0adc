import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

from tests.indicators.conftest import login

pytestmark = pytest.mark.django_db

_spec = importlib.util.spec_from_file_location(
    "form_weight", Path(__file__).resolve().parents[2] / "bench" / "form_weight.py"
)
form_weight = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(form_weight)


def test_form_page_with_its_css_and_js_stays_under_60_kb_gzipped_and_loads_no_chart_library(client, world):
    login(client, world.officer)
    html = client.get(reverse("indicators:report", args=["D1", "2017Q3"])).content.decode()
    weights = form_weight.page_weight(html)
    # menu.js: the header menus close each other (every page loads it, ~0.4 kB).
    assert set(weights) == {"HTML", "/static/css/portal.css", "/static/js/entry.js", "/static/js/menu.js"}
    assert sum(packed for _raw, packed in weights.values()) <= form_weight.BUDGET
    assert "plotly" not in html
