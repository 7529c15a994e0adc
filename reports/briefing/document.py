"""The briefing as plain data: what ``content`` builds and the PDF template shows."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from indicators.models import Period


@dataclass(frozen=True)
class Cell:
    text: str
    weak: bool = False


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[Cell, ...] = ()
    is_subhead: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    kind: str = "figures"  # CSS hook: column widths differ per kind


@dataclass
class Chart:
    """A figure from ``reports.charts`` (its JSON; a plotly figure object also does);
    ``render`` fills ``svg`` (or leaves it empty, and the template shows a notice
    instead)."""

    key: str
    caption: str
    figure: Any
    svg: str = ""


@dataclass
class Section:
    key: str
    number: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    change: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Part:
    number: str
    title: str
    sections: list[Section] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    """Everything the PDF template shows."""

    period: Period
    compare: Period | None
    session_title: str
    session_date: datetime.date
    province_name: str
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    subject: str
    intro: str
    notes: list[str]
    parts: list[Part]
    appendices: list[Section]
    recipients: list[str]
    signer_role: str
    signer_title: str
    appendix_reference: str
    signer_name: str = ""
    pages: int = 0  # set when the PDF is laid out

    @property
    def charts(self) -> list[Chart]:
        """The charts kaleido draws: not those drawn already (the communes' map is SVG
        made from the boundaries, ``reports.briefing.map_appendix``)."""
        sections = [s for p in self.parts for s in p.sections] + self.appendices
        return [s.chart for s in sections if s.chart is not None and s.chart.figure is not None]

    @property
    def filename(self) -> str:
        return f"bao-cao-ung-dung-cntt-{self.period.code}.pdf"
