"""The entry grid writes its inputs itself (one Jinja2 template instead of ~50 widget
templates): they must be exactly what Django's widgets would write, with values, errors
and ARIA attributes, so that browsers, assistive technology and scripts see no change."""

import re

import pytest

from indicators import form_specs
from indicators.forms import ReportForm
from tests.indicators.conftest import GOOD, post_data

pytestmark = pytest.mark.django_db


def a_form(data=None, values=None):
    elements, rule_specs, hint_specs = form_specs.form_specs("2017Q3")
    return ReportForm(
        data,
        elements=elements,
        rule_specs=rule_specs,
        hint_specs=hint_specs,
        initial_values=values or {},
        initial_comments={"servers": 'Kiểm kê "quý II" & <b>đủ</b>'},
    )


def django_widgets(form, sections) -> list[str]:
    """Every input as Django's own widget templates render it, in page order."""
    html = []
    for section in sections:
        for row in section.rows:
            if row.element.is_yes_no:
                html += [radio.tag() for radio in row.field]
            else:
                html.append(str(row.field))
            html.append(str(row.comment))
    return html


def grid_inputs(grid: str) -> list[str]:
    return re.findall(r"<input [^>]*>|<textarea [^>]*>.*?</textarea>", grid, flags=re.S)


@pytest.mark.parametrize(
    "data",
    [
        None,  # the page as opened
        post_data(GOOD | {"servers": "hai", "staff_total": "-3", "has_lan": "7"}, comments={"servers": "x" * 1001}),
        post_data(GOOD | {"computers_internet": 99, "has_firewall": None}, action="submit"),  # refused sending
    ],
    ids=["opened", "field-errors", "refused-sending"],
)
def test_grid_inputs_are_what_djangos_widgets_render(world, data):
    values = {code: number for code, number in GOOD.items() if code != "servers"}
    form = a_form(data, values)
    sections = form.sections()
    expected = django_widgets(form, sections)
    written = grid_inputs(form.grid(sections, editable=True))
    assert written == expected
    if data is not None:
        assert any('aria-invalid="true"' in tag for tag in written)


def test_read_only_grid_shows_figures_and_no_inputs(world):
    form = a_form(values=dict(GOOD))
    grid = form.grid(form.sections(), editable=False)
    assert "<input" not in grid and "<textarea" not in grid
    assert '<strong class="value">50</strong>' in grid
    assert "Giải trình: Kiểm kê &#34;quý II&#34; &amp; &lt;b&gt;đủ&lt;/b&gt;" in grid
