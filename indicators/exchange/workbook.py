"""The Excel template of one report: build it, read a filled one back.

Officers in remote communes fill the figures offline, as they did before the portal.
The workbook is one protected sheet: one row per data element with its label, unit,
allowed range and help; only the value and comment cells are open. The element codes,
the unit, the quarter and the report's version sit in a hidden column H, so that an
upload can be checked against the form it came from.

Reading does only what the form cannot: it checks the layout, refuses formulas and
cells of the wrong kind, and turns every cell into the text the web form would have
received. The values are then validated by the entry form itself
(:class:`indicators.forms.ReportForm`), and every message names its cell ("Ô C7: …").
"""

import datetime
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from indicators import rules
from indicators.exchange.container import ContainerError, check_xlsx
from indicators.models import FormSection, Period
from indicators.numbers import format_number
from indicators.rules import ElementSpec
from kontum_it.sheets import defuse_sheet
from units.models import Unit

logger = logging.getLogger(__name__)

MARKER = "kontum-it-template-1"  # H1: which layout this is; bumped when the layout changes
SHEET = "bao_cao"
FIRST_ROW = 7
VALUE_COLUMN, COMMENT_COLUMN, CODE_COLUMN = "C", "G", "H"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# A real template unpacks to ~32 KB (7.6 KB zipped): far below this (issue 24: a 366 KB
# upload unpacked to 3 million rows).
MAX_UNPACKED_BYTES = 5 * 1024 * 1024
CODE_COLUMN_INDEX = 8
# Yes/no answers are read in either language, and as 1/0.
YES_WORDS = {"có", "co", "yes", "1", "true"}
NO_WORDS = {"không", "khong", "no", "0", "false"}


class TemplateError(Exception):
    """The upload is not a usable template; ``messages`` say why (each names a cell
    when there is one)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class FilledTemplate:
    """What a filled template holds, as the entry form's POST would carry it.

    ``data`` maps form field names (``v_<code>``, ``c_<code>``) to text; ``cells`` maps
    the same names to their cell ("C7"); ``errors`` are cell problems found before the
    form (formulas, dates…), keyed by field name.
    """

    unit_code: str
    period_code: str
    version: int
    data: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def cell_message(cell: str, message: str) -> str:
    return _("Ô %(cell)s: %(message)s") % {"cell": cell, "message": message}


def _range_text(element: ElementSpec) -> str:
    if element.is_yes_no:
        return _("Có hoặc Không")
    low, high = element.min_value, element.max_value
    kind = _("số nguyên") if element.value_type == rules.INTEGER else _("số")
    if low is not None and high is not None:
        return _("%(kind)s từ %(low)s đến %(high)s") % {
            "kind": kind,
            "low": format_number(low),
            "high": format_number(high),
        }
    if low is not None:
        return _("%(kind)s, không nhỏ hơn %(low)s") % {"kind": kind, "low": format_number(low)}
    if high is not None:
        return _("%(kind)s, không lớn hơn %(high)s") % {"kind": kind, "high": format_number(high)}
    return kind


def _cell_value(element: ElementSpec, value: Decimal | None):
    if value is None:
        return None
    if element.is_yes_no:
        return _("Có") if value else _("Không")
    return int(value) if value == value.to_integral_value() else float(value)


def build_template(
    *,
    unit: Unit,
    period: Period,
    elements: list[ElementSpec],
    values: dict[str, Decimal | None],
    comments: dict[str, str],
    version: int,
) -> bytes:
    """The workbook of one report, filled with ``values`` (stored or carried over)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True)
    sheet["A1"] = _("BIỂU MẪU BÁO CÁO ỨNG DỤNG CÔNG NGHỆ THÔNG TIN")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"], sheet["B2"] = _("Đơn vị:"), f"{unit.name} ({unit.code})"
    sheet["A3"], sheet["B3"] = _("Kỳ báo cáo:"), period.label
    sheet["A4"], sheet["B4"] = _("Phiên bản báo cáo:"), version
    sheet["A5"] = _(
        "Chỉ nhập vào cột “Giá trị” và “Giải trình”; không sửa các cột khác, không thêm hay xóa dòng. "
        "Cảnh báo (thay đổi lớn so với quý trước) cần giải trình khi nộp."
    )
    for cell in ("A2", "A3", "A4"):
        sheet[cell].font = bold
    sheet["H1"], sheet["H2"], sheet["H3"], sheet["H4"] = MARKER, unit.code, period.code, version
    headers = [
        _("Nhóm"),
        _("Chỉ tiêu"),
        _("Giá trị"),
        _("Đơn vị tính"),
        _("Phạm vi cho phép"),
        _("Hướng dẫn"),
        _("Giải trình"),
        "element_code",
    ]
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for column, text in enumerate(headers, 1):
        cell = sheet.cell(row=FIRST_ROW - 1, column=column, value=text)
        cell.font, cell.fill = bold, header_fill
    yes_no = DataValidation(
        type="list",
        formula1='"{},{}"'.format(_("Có"), _("Không")),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Giá trị không hợp lệ"),
        error=_("Hãy chọn Có hoặc Không."),
    )
    sheet.add_data_validation(yes_no)
    open_cell = Protection(locked=False)
    input_fill = PatternFill("solid", fgColor="FFF8E1")
    sections = dict(FormSection.choices)
    for offset, element in enumerate(elements):
        row = FIRST_ROW + offset
        sheet.cell(row=row, column=1, value=str(sections.get(element.section, element.section)))
        sheet.cell(row=row, column=2, value=element.label)
        value_cell = sheet.cell(row=row, column=3, value=_cell_value(element, values.get(element.code)))
        sheet.cell(row=row, column=4, value=element.measure_unit)
        sheet.cell(row=row, column=5, value=_range_text(element))
        sheet.cell(row=row, column=6, value=element.help_text)
        comment_cell = sheet.cell(row=row, column=7, value=comments.get(element.code) or None)
        sheet.cell(row=row, column=8, value=element.code)
        for cell in (value_cell, comment_cell):
            cell.protection, cell.fill = open_cell, input_fill
        if element.is_yes_no:
            yes_no.add(value_cell)
        else:
            integer = element.value_type == rules.INTEGER
            value_cell.number_format = "#,##0" if integer else "#,##0.##"
            check = DataValidation(
                type="whole" if integer else "decimal",
                operator="between",
                formula1=str(element.min_value if element.min_value is not None else -(10**12)),
                formula2=str(element.max_value if element.max_value is not None else 10**12),
                showErrorMessage=True,
                errorTitle=_("Giá trị không hợp lệ"),
                error=_range_text(element),
            )
            sheet.add_data_validation(check)
            check.add(value_cell)
        for column in (2, 6, 7):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFG", (18, 48, 14, 12, 24, 48, 36), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions[CODE_COLUMN].hidden = True
    sheet.freeze_panes = f"A{FIRST_ROW}"
    # Protection without a password: it keeps the layout from being changed by
    # accident (the upload checks it anyway), not a secret from the officer.
    sheet.protection.sheet = True
    # Unit names, labels and officers' comments are typed by people: none of them may
    # leave as a formula (a comment "=HYPERLINK(…)" stays text, and reads back as text).
    defuse_sheet(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _quote_prefix(cell) -> bool:
    style = getattr(cell, "style_array", None)
    return bool(style.quotePrefix) if style is not None else bool(getattr(cell, "quote_prefix", False))


def _is_formula(cell) -> bool:
    """A formula, or a text Excel would run as one; a text cell with the quote prefix
    (as the template writes an officer's "=…" comment) is text."""
    if cell.data_type == "f":
        return True
    return isinstance(cell.value, str) and cell.value.startswith("=") and not _quote_prefix(cell)


def _number_text(value) -> str:
    """A number cell as the form would have received it typed: "1200", "12,5"."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f").replace(".", ",")


def _value_text(element: ElementSpec, raw) -> str:
    """Raises ValueError with the message for a cell of the wrong kind."""
    if raw is None:
        return ""
    if isinstance(raw, datetime.datetime | datetime.date | datetime.time):
        raise ValueError(_("ô chứa ngày tháng, hãy nhập số."))
    if element.is_yes_no:
        word = str(int(raw) if isinstance(raw, bool | int | float) and raw in (0, 1) else raw).strip().lower()
        if not word:
            return ""
        if word in YES_WORDS:
            return "1"
        if word in NO_WORDS:
            return "0"
        raise ValueError(_("Hãy chọn Có hoặc Không."))
    if isinstance(raw, bool):
        raise ValueError(_("Hãy nhập số."))
    if isinstance(raw, int | float):
        return _number_text(raw)
    text = str(raw).strip()
    try:
        rules.parse_number(text, integer=element.value_type == rules.INTEGER)
    except rules.NumberError as error:
        raise ValueError(str(error)) from None
    return text


def _load(upload, *, rows: int):
    """The template sheet's first ``rows`` rows and 8 columns as {coordinate: cell},
    read once, read-only: nothing beyond them is parsed. Raises TemplateError for a file
    that is not a plain .xlsx of bounded unpacked size (``container``) or that does not
    parse (bad XML, a broken zip member, NUL bytes…)."""
    content = upload.read()
    try:
        check_xlsx(content, max_unpacked=MAX_UNPACKED_BYTES)
    except ContainerError as error:
        raise TemplateError([str(error)]) from None
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            if SHEET not in book.sheetnames:
                return None
            cells = {}
            for row in book[SHEET].iter_rows(min_row=1, max_row=rows, max_col=CODE_COLUMN_INDEX):
                for cell in row:
                    if getattr(cell, "coordinate", None):
                        cells[cell.coordinate] = cell
            return cells
        finally:
            book.close()
    except TemplateError:
        raise
    except Exception:  # noqa: BLE001 - any parser error of an uploaded file is the file's fault
        logger.info("template upload refused: unreadable workbook", exc_info=True)
        raise TemplateError([_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ (nội dung bị hỏng).")]) from None


class _Empty:
    """A cell the sheet does not hold (read-only sheets skip empty cells)."""

    value = None
    data_type = "n"
    quote_prefix = False


def read_template(upload, *, elements: list[ElementSpec]) -> FilledTemplate:
    """Read a filled template. Raises TemplateError when the file is not one of ours or
    its layout no longer matches ``elements`` (the current form)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise TemplateError([_("Tệp quá lớn (tối đa 2 MB). Hãy dùng biểu mẫu tải từ cổng.")])
    extra_row = FIRST_ROW + len(elements)
    cells = _load(upload, rows=extra_row)

    def at(coordinate: str):
        return cells.get(coordinate, _Empty)

    if cells is None or at("H1").value != MARKER:
        raise TemplateError(
            [cell_message("H1", _("tệp không phải biểu mẫu tải từ cổng, hoặc đã bị đổi bố cục. Hãy tải biểu mẫu mới."))]
        )
    try:
        version = int(at("H4").value)
    except (TypeError, ValueError):
        raise TemplateError([cell_message("B4", _("mất số phiên bản của biểu mẫu. Hãy tải biểu mẫu mới."))]) from None
    filled = FilledTemplate(unit_code=str(at("H2").value or ""), period_code=str(at("H3").value or ""), version=version)
    layout = []
    for offset, element in enumerate(elements):
        row = FIRST_ROW + offset
        found = at(f"{CODE_COLUMN}{row}").value
        if found != element.code:
            layout.append(
                cell_message(
                    f"{CODE_COLUMN}{row}",
                    _("bố cục biểu mẫu đã thay đổi (dòng %(row)d phải là “%(label)s”). Hãy tải biểu mẫu mới.")
                    % {"row": row, "label": element.label},
                )
            )
            break
    if not layout and any(at(f"{column}{extra_row}").value not in (None, "") for column in "CGH"):
        layout.append(cell_message(f"C{extra_row}", _("có thêm dòng ngoài biểu mẫu. Hãy tải biểu mẫu mới.")))
    if layout:
        raise TemplateError(layout)
    for offset, element in enumerate(elements):
        row = FIRST_ROW + offset
        for column, name in ((VALUE_COLUMN, f"v_{element.code}"), (COMMENT_COLUMN, f"c_{element.code}")):
            coordinate = f"{column}{row}"
            cell = at(coordinate)
            filled.cells[name] = coordinate
            if _is_formula(cell):
                filled.errors[name] = cell_message(coordinate, _("có công thức; hãy nhập số hoặc chữ trực tiếp."))
                continue
            if column == COMMENT_COLUMN:
                filled.data[name] = "" if cell.value is None else str(cell.value).strip()
                continue
            try:
                filled.data[name] = _value_text(element, cell.value)
            except ValueError as error:
                filled.errors[name] = cell_message(coordinate, str(error))
    return filled
