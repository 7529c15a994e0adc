"""The Q3/2016 briefing of the demo data, checked the way a reader would: its text, its
fonts, its page numbers and its charts (poppler-utils)."""

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tests.reports.briefing.conftest import flowing, pdftotext, poppler

# The PDF is made once per session (conftest.demo_briefings) in the test database.
pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre
TOP_MARGIN = 20 * MM
XHTML = "{http://www.w3.org/1999/xhtml}"

PUBLISHED_PHRASES = [
    "30/30 đơn vị có trang thông tin điện tử thành phần",
    "tỷ lệ máy tính/cán bộ đạt 91% (cấp tỉnh 93%, cấp huyện 89%)",
    "106 máy chủ (cấp tỉnh 67, cấp huyện 39)",
    "23/30 đơn vị, địa phương được trang bị tường lửa",
    "hơn 2.100 máy tính của cơ quan nhà nước được kết nối Internet, đạt tỷ lệ 97%",
    "63% đơn vị sử dụng hộp thư điện tử công vụ",
    "100% đơn vị, địa phương (30/30) có mạng LAN và kết nối Internet",
    "30/30 đơn vị, địa phương sử dụng phần mềm diệt virus bản quyền",
]


def pages(path) -> list[list[tuple[str, float, float, float]]]:
    """Words of every page with their box: (text, x centre, y top, page width)."""
    xhtml = pdftotext(path, extra=("-bbox",))
    root = ET.fromstring(xhtml.replace("<!DOCTYPE", "<!--").replace('.dtd">', '.dtd" -->', 1))
    result = []
    for page in root.iter(f"{XHTML}page"):
        width = float(page.get("width"))
        words = [
            (w.text or "", (float(w.get("xMin")) + float(w.get("xMax"))) / 2, float(w.get("yMin")), width)
            for w in page.iter(f"{XHTML}word")
        ]
        result.append(words)
    return result


@pytest.fixture(scope="module")
def briefing(demo_briefings):
    return demo_briefings["charts"]


@pytest.mark.parametrize("phrase", PUBLISHED_PHRASES)
def test_briefing_states_the_published_q3_2016_figures(briefing, phrase):
    assert phrase in flowing(briefing.text())


def test_briefing_opens_with_the_national_header_and_the_title(briefing):
    first_page = flowing(briefing.text(1))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first_page
    assert "Độc lập - Tự do - Hạnh phúc" in first_page
    assert "UBND TỈNH KON TUM" in first_page
    assert "BAN CHỈ ĐẠO ỨNG DỤNG CNTT" in first_page
    assert "Kon Tum, ngày 14 tháng 10 năm 2016" in first_page
    assert "BÁO CÁO Tình hình ứng dụng công nghệ thông tin trong cơ quan nhà nước tỉnh Kon Tum, Quý III/2016" in (
        first_page
    )
    assert "Phục vụ Phiên họp Ban Chỉ đạo Ứng dụng công nghệ thông tin tỉnh lần II, năm 2016" in first_page
    assert "báo cáo đã nộp của 30/30 sở, ban, ngành, UBND huyện, thành phố và 102/102 xã, phường, thị trấn" in (
        first_page
    )


def test_briefing_compares_with_the_previous_quarter_and_says_its_figures_are_made_up(briefing):
    text = flowing(briefing.text())
    assert "So với Quý II/2016, cùng 30 đơn vị, đơn vị được trang bị tường lửa tăng từ 21/30 lên 23/30" in text
    # Each quarter says where its figures come from, and no more.
    assert "Số liệu Quý II/2016 là số liệu minh họa tự tạo" in text
    assert "Tổng số của các sở, ban, ngành và UBND huyện quý này khớp với số liệu tỉnh đã công bố" in text


def test_briefing_has_every_section_weak_spots_proposals_and_appendices(briefing):
    text = flowing(briefing.text())
    for heading in (
        "I. TÌNH HÌNH ỨNG DỤNG CÔNG NGHỆ THÔNG TIN",
        "1. Hạ tầng kỹ thuật",
        "2. An toàn, an ninh thông tin",
        "3. Ứng dụng công nghệ thông tin",
        "4. Nguồn nhân lực công nghệ thông tin",
        "II. NHỮNG MẶT YẾU KÉM, TỒN TẠI",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "PHỤ LỤC I Tình hình nộp báo cáo Quý III/2016",
        "PHỤ LỤC II Số liệu của từng đơn vị, Quý III/2016",
    ):
        assert heading in text
    # Weak spots name the units: the 7 without a firewall, among them Sở GTVT.
    assert re.search(r"Chưa có tường lửa \(7/30 đơn vị\): [^.]*Sở Giao thông vận tải", text)
    # The completeness appendix lists the late commune reports.
    assert re.search(r"Nộp muộn \(\d+\): UBND", text)


def test_every_font_is_embedded_and_is_the_shipped_serif(briefing):
    output = subprocess.run(
        [poppler("pdffonts"), str(briefing.path)], check=True, capture_output=True, text=True
    ).stdout
    rows = [line.split() for line in output.splitlines()[2:] if line.strip()]
    assert rows, output
    for row in rows:
        name, embedded = row[0], row[-5]
        assert embedded == "yes", output
        assert "Tinos" in name, output


def test_page_numbers_are_centred_in_the_top_margin_from_page_two(briefing):
    all_pages = pages(briefing.path)
    assert len(all_pages) >= 5
    first = [w for w in all_pages[0] if w[2] < TOP_MARGIN]
    assert first == [], "page 1 carries no number"
    for number, words in enumerate(all_pages[1:], start=2):
        in_margin = [w for w in words if w[2] < TOP_MARGIN]
        assert [w[0] for w in in_margin] == [str(number)]
        text, x, _, width = in_margin[0]
        text_block_centre = (30 * MM + (width - 15 * MM)) / 2
        assert abs(x - text_block_centre) < 3 * MM


def test_charts_are_vector_drawings_not_images(briefing):
    listing = subprocess.run(
        [poppler("pdfimages"), "-list", str(briefing.path)], check=True, capture_output=True, text=True
    ).stdout
    assert len(listing.strip().splitlines()) == 2, f"the PDF holds raster images:\n{listing}"
    text = briefing.text()
    assert briefing.charts == 5
    assert flowing(text).count("Hình ") >= briefing.charts
    # Tick labels of the percentage axes are text of the drawing, found by pdftotext:
    # a chart pasted as a picture would have none.
    assert re.search(r"0%\s+20%\s+40%\s+60%\s+80%\s+100%", text)
    assert "Biểu đồ chưa vẽ được" not in text
    assert briefing.log == []


def test_without_chromium_the_pdf_still_has_text_and_tables_and_a_notice_per_chart(demo_briefings):
    missing = demo_briefings["no_chromium"]
    text = flowing(missing.text())
    assert text.count("Biểu đồ chưa vẽ được") == missing.charts == 5
    assert "apt-get install chromium" in text
    assert "tỷ lệ máy tính/cán bộ đạt 91% (cấp tỉnh 93%, cấp huyện 89%)" in text
    assert "Bảng 1. Hạ tầng kỹ thuật, Quý III/2016" in text
    assert not re.search(r"0%\s+20%\s+40%\s+60%\s+80%\s+100%", missing.text())
    assert any("apt-get install chromium" in message for message in missing.log)
