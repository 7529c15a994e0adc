"""The briefing as a provincial office would sign it: every page drawn as an image
(pdftoppm) and its text read back in place (pdftotext), for the demo's Q3/2016 and
2017Q3: the closing is never alone, no page ends with a heading or with the words
that announce a table, zeros are drawn and labelled, chart text prints at 8 pt or
more, and the number and signer an admin set are printed."""

import re
import subprocess

import pytest
from PIL import Image

from reports.briefing.paper import MIN_PRINTED_PT, ZERO_MARK_WIDTH, print_scale
from tests.reports.briefing.conftest import SIGNING, flowing, poppler

pytestmark = pytest.mark.django_db

BRIEFINGS = ["charts", "2017Q3"]


def page_count(path) -> int:
    info = subprocess.run([poppler("pdfinfo"), str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_texts(briefing) -> list[str]:
    return [briefing.text(n) for n in range(1, page_count(briefing.path) + 1)]


def closing_page(texts: list[str]) -> int:
    """Index of the page with "Nơi nhận:" (the end of the text, before the appendices)."""
    return next(i for i, text in enumerate(texts) if "Nơi nhận:" in text)


@pytest.mark.parametrize("name", BRIEFINGS)
def test_every_page_is_drawn_as_an_image_with_ink_on_it(demo_briefings, name, tmp_path):
    briefing = demo_briefings[name]
    subprocess.run(
        [poppler("pdftoppm"), "-r", "30", "-gray", "-png", str(briefing.path), str(tmp_path / "page")], check=True
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == page_count(briefing.path) >= 8
    for image in images:
        with Image.open(image) as page:
            darkest, _ = page.convert("L").getextrema()
            assert darkest < 100, f"{image.name} is blank"


@pytest.mark.parametrize("name", BRIEFINGS)
def test_signature_and_recipients_share_their_page_with_the_end_of_the_text(demo_briefings, name):
    texts = page_texts(demo_briefings[name])
    last = texts[closing_page(texts)]
    before_closing = flowing(last.split("Nơi nhận:")[0])
    # The last proposal at least (a full sentence), not only the page number.
    assert len(before_closing) > 80, last
    assert before_closing.endswith("."), before_closing
    assert "TM. BAN CHỈ ĐẠO" in last


@pytest.mark.parametrize("name", BRIEFINGS)
def test_no_page_ends_with_a_heading_a_table_caption_or_a_colon(demo_briefings, name):
    briefing = demo_briefings[name]
    texts = page_texts(briefing)
    assert len(briefing.headings) >= 6
    for number, text in enumerate(texts[: closing_page(texts)], start=1):
        body = flowing(text)
        lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().isdigit()]
        for heading in briefing.headings:
            assert not body.endswith(heading), f"page {number} ends with the heading “{heading}”"
        assert not body.endswith(":"), f"page {number} ends with “{lines[-1]}”, which introduces what follows"
        assert not re.match(r"Bảng \d+\.", lines[-1]), f"page {number} ends with a table's caption"


@pytest.mark.parametrize("name", BRIEFINGS)
def test_chart_text_prints_at_eight_points_or_more(demo_briefings, name):
    drawn = demo_briefings[name].drawn
    assert len(drawn) == demo_briefings[name].charts == 5
    for _figure, svg in drawn:
        sizes = [float(size) for size in re.findall(rb"font-size:\s*([\d.]+)px", svg)]
        assert sizes
        assert min(sizes) * print_scale() >= MIN_PRINTED_PT, sorted(set(sizes))


def test_bars_at_zero_are_drawn_and_labelled(demo_briefings):
    """Q3/2016's weak-spot chart has units at 0%: each gets a stroke and a "0%"."""
    zeros_seen = 0
    for figure, svg in demo_briefings["charts"].drawn:
        if figure.layout.barmode == "stack":
            continue
        zeros = sum(1 for trace in figure.data if trace.type == "bar" for v in trace.x if v == 0)
        if not zeros:
            continue
        zeros_seen += zeros
        # A bar of length zero is a path with no width, drawn by its outline.
        strokes = re.findall(
            rb'<path d="M([\d.]+),[\d.]+V[\d.]+H\1V[\d.]+Z"[^>]*stroke-width: %dpx' % ZERO_MARK_WIDTH, svg
        )
        labels = re.findall(rb"bartext-outside[^>]*>0%<", svg)
        assert len(strokes) == len(labels) == zeros
    assert zeros_seen >= 5


@pytest.mark.parametrize("name", BRIEFINGS)
def test_the_number_and_the_signer_set_by_the_admin_are_printed(demo_briefings, name):
    texts = page_texts(demo_briefings[name])
    assert "Số: 12/BC-BCĐ" in flowing(texts[0])
    closing = flowing(texts[closing_page(texts)])
    assert "TM. BAN CHỈ ĐẠO PHÓ TRƯỞNG BAN" in closing
    assert SIGNING["signer_name"] in closing
    appendix = flowing(texts[closing_page(texts) + 1])
    assert "Kèm theo Báo cáo số 12/BC-BCĐ ngày" in appendix
