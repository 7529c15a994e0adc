"""The briefing's map: one indicator of the quarter on today's communes (the map page's
figures, ``reports.pages.commune_map``), as vector SVG (``reports.charts.map_svg``)."""

import base64
import datetime

from django.utils.translation import gettext as _

from reports import aggregation, selectors
from reports.briefing import paper
from reports.briefing.document import Chart, Section
from reports.briefing.figures import Figures
from reports.charts.map_svg import WIDTH as map_svg_width
from reports.charts.map_svg import map_svg
from reports.pages.commune_map import default_spec, map_content
from units import geo


def map_appendix(data: Figures, *, day: datetime.date, number: str) -> Section | None:
    """The map of the default indicator (the map page's), for the communes in force on
    ``day``; None when the quarter's catalogue has no indicator to draw or the map file
    is missing. Two queries (the communes, the lineage)."""
    spec = default_spec(list(data.specs))
    if spec is None or not geo.MAP_FILE.exists():
        return None
    content = map_content(
        data.data,
        spec=spec,
        communes=geo.communes_on(day),
        by_successor=aggregation.predecessors(selectors.lineage_links()),
    )
    svg = map_svg(
        content.areas,
        geo.load_map(),
        content.legend,
        threshold_text=content.threshold_text,
        font=paper.CHART_FONT,
        size=paper.font_units(paper.TEXT_PT, map_svg_width),
    )
    if not svg:
        return None
    paragraphs = [_("Bản đồ các đơn vị cấp xã hiện nay theo chỉ số “%(name)s”.") % {"name": spec.name}]
    if content.rebuilt_count:
        paragraphs.append(
            _(
                "Quý trước khi sắp xếp đơn vị: số liệu của %(n)s đơn vị hiện nay được tái dựng từ các đơn vị cũ "
                "trên cùng địa bàn; đơn vị chưa đủ số liệu của cả địa bàn cũ để màu xám."
            )
            % {"n": content.rebuilt_count}
        )
    return Section(
        key="map",
        number=number,
        title=content.title,
        paragraphs=paragraphs,
        chart=Chart(
            key="commune-map",
            caption=content.title,
            figure=None,  # drawn here, not by kaleido
            svg="data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
        ),
    )
