"""A catalogue revision as data: read a file, check it line by line, apply it all at once
(the model is ``units.reorganisation``).

The file is UTF-8 text: ``#`` header lines (``# name:``, ``# legal_basis:``,
``# effective: 2026Q1``; ``# note:`` lines are kept with the revision, other ``#`` lines
are comments), then up to four sections, each a line ``[elements]``, ``[indicators]``,
``[rules]`` or ``[weights]`` followed by CSV with a header row (``SECTION_COLUMNS``).
Each row has an ``action``:

- ``add``: a new row in force from the effective quarter (its code must be new);
- ``keep``: a row in force before the revision stays in force (nothing changes; the
  row's ``source`` says why it is still asked for);
- ``retire``: a row in force before stops with the quarter before the effective one;
- for ``[weights]``, ``set`` gives an index group a new weight from the effective
  quarter on (the row in force ends the quarter before).

Every row names its legal ``source`` and whether it was ``verified`` against the
official text ("primary") or rests on a secondary source ("secondary"). Every element,
indicator and rule in force before the revision must be kept or retired: a revision
says what happens to all of them. Every problem is reported with its line, in
Vietnamese, and nothing is written unless there are none.
"""

import csv
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from indicators.expressions import ExpressionError, parse_expression
from indicators.models import (
    REPORT_STATUSES_WITH_DATA,
    CatalogueChange,
    CatalogueRevision,
    DataElement,
    ElementOrigin,
    ElementType,
    FormSection,
    Indicator,
    IndicatorGroup,
    Period,
    Report,
    RuleOperator,
    RuleSeverity,
    ValidationRule,
)
from indicators.quarters import parse_period_code, quarter_code_before, quarter_label
from indicators.register_counts import REGISTER_COUNTS
from units.reorganisation_checks import _find_cycle
from units.reorganisation_file import line_error

COMMON = ["action", "code", "source", "verified"]
SECTION_COLUMNS = {
    "elements": COMMON
    + ["label_vi", "label_en", "value_type", "measure_unit", "min_value", "max_value", "section", "origin"]
    + ["help_vi", "help_en", "replaces"],
    "indicators": COMMON
    + ["name_vi", "name_en", "short_name_vi", "short_name_en", "group", "numerator", "denominator"]
    + ["factor", "decimals", "suffix", "higher_is_better", "threshold", "weak_label_vi", "weak_label_en"]
    + ["targets", "method_vi", "method_en", "replaces"],
    "rules": COMMON + ["left", "operator", "right", "field", "message_vi", "message_en", "severity"],
    "weights": ["action", "group", "weight", "source", "verified"],
}
KINDS = {"elements": "element", "indicators": "indicator", "rules": "rule", "weights": "weight"}
ACTIONS = {"elements": ("add", "keep", "retire"), "indicators": ("add", "keep", "retire")}
ACTIONS |= {"rules": ("add", "keep", "retire"), "weights": ("set", "keep")}
VERIFIED = ("primary", "secondary")
DATA = Path(settings.BASE_DIR) / "indicators" / "data"
# Named files: ``apply_catalogue_revision 2026`` reads the 2026 revision.
NAMED_SOURCES = {"2026": DATA / "catalogue_2026.csv"}


class RevisionError(ValueError):
    """The file is refused; ``errors`` lists every problem, each naming its line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    line: int
    section: str
    values: dict

    def __getitem__(self, key):
        return (self.values.get(key) or "").strip()

    @property
    def action(self) -> str:
        return self["action"].lower()

    @property
    def code(self) -> str:
        return self["group"] if self.section == "weights" else self["code"]


@dataclass
class RevisionPlan:
    """A revision file read, not yet checked against the database."""

    name: str = ""
    legal_basis: str = ""
    effective: str = ""
    notes: list[str] = field(default_factory=list)
    source: str = ""
    checksum: str = ""
    rows: list[Row] = field(default_factory=list)

    def of(self, section: str, *actions: str) -> list[Row]:
        return [r for r in self.rows if r.section == section and (not actions or r.action in actions)]

    @property
    def until(self) -> str:
        """The last quarter of what the revision retires."""
        return quarter_code_before(self.effective)


def revision_read(*, path: Path) -> RevisionPlan:
    """Read a revision file (see the module's docstring). Raises RevisionError when the
    header, a section or its columns are wrong."""
    raw = path.read_bytes()
    plan = RevisionPlan(source=path.name, checksum=hashlib.sha256(raw).hexdigest())
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise RevisionError([_("Tệp phải được lưu với bảng mã UTF-8.")]) from None
    errors, sections, current = [], defaultdict(list), None
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        if stripped.startswith("#"):
            key, sep, value = stripped[1:].partition(":")
            key, value = key.strip(), value.strip()
            if sep and key == "name":
                plan.name = value
            elif sep and key == "legal_basis":
                plan.legal_basis = value
            elif sep and key == "note":
                plan.notes.append(value)
            elif sep and key == "effective":
                try:
                    parse_period_code(value)
                    plan.effective = value.upper()
                except ValueError:
                    errors.append(
                        line_error(number, _("quý hiệu lực “%(v)s” không hợp lệ (ví dụ 2026Q1).") % {"v": value})
                    )
        elif stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1].strip().lower()
            if current not in SECTION_COLUMNS:
                errors.append(line_error(number, _("phần “%(s)s” không hợp lệ.") % {"s": stripped}))
                current = None
            elif current in sections:
                errors.append(line_error(number, _("phần “%(s)s” lặp lại.") % {"s": stripped}))
        elif stripped:
            if current is None:
                errors.append(
                    line_error(number, _("dòng nằm ngoài các phần [elements], [indicators], [rules], [weights]."))
                )
            else:
                sections[current].append((number, text))
    if not plan.name:
        errors.append(_("Thiếu dòng tiêu đề “# name: …” (tên đợt sửa đổi)."))
    if not plan.effective and not errors:
        errors.append(_("Thiếu dòng tiêu đề “# effective: 2026Q1” (quý bắt đầu có hiệu lực)."))
    if not sections and not errors:
        errors.append(_("Tệp không có phần nào."))
    for section, body in sections.items():
        header_line = body[0][0]
        reader = csv.DictReader([text for _n, text in body])
        missing = set(SECTION_COLUMNS[section]) - set(reader.fieldnames or [])
        if missing:
            errors.append(line_error(header_line, _("thiếu cột: %(cols)s") % {"cols": ", ".join(sorted(missing))}))
            continue
        try:
            records = list(reader)
        except csv.Error as error:
            errors.append(line_error(header_line, _("CSV không đọc được: %(e)s") % {"e": error}))
            continue
        if len(records) != len(body) - 1:  # a quoted field over several lines: no line numbers to trust
            errors.append(line_error(header_line, _("mỗi dòng phải là một hàng (không xuống dòng trong ô).")))
            continue
        plan.rows += [Row(number, section, values) for (number, _t), values in zip(body[1:], records, strict=True)]
    if errors:
        raise RevisionError(errors)
    plan.rows.sort(key=lambda r: r.line)
    return plan


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ".")) if text else None
    except InvalidOperation:
        raise ValueError(text) from None


def _targets(text: str) -> dict[str, float]:
    """ "department=90; commune=70" → {"department": 90.0, "commune": 70.0}."""
    targets = {}
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        level, sep, value = part.partition("=")
        if not sep or not level.strip():
            raise ValueError(part)
        targets[level.strip()] = float(_decimal(value.strip()))
    return targets


def revision_check(plan: RevisionPlan) -> list[str]:
    """Every problem of ``plan`` against the database, each naming its line (empty: it
    can be applied)."""
    errors = []

    def err(row, message, **params):
        errors.append(line_error(row.line, message % params if params else message))

    done = CatalogueRevision.objects.filter(checksum=plan.checksum).first()
    if done is not None:
        return [_("Tệp này đã được áp dụng ngày %(d)s.") % {"d": f"{done.applied_at:%d/%m/%Y}"}]
    latest = CatalogueRevision.objects.order_by("-effective").first()
    if latest is not None and latest.effective >= plan.effective:
        label = quarter_label(*parse_period_code(latest.effective))
        errors.append(
            _("Đợt sửa đổi phải có hiệu lực sau đợt gần nhất (“%(n)s”, từ %(q)s).") % {"n": latest.name, "q": label}
        )
    errors += _period_problems(plan)
    existing = {
        "elements": {e.code: e for e in DataElement.objects.all()},
        "indicators": {i.code: i for i in Indicator.objects.all()},
        "rules": {r.code: r for r in ValidationRule.objects.select_related("field")},
    }
    before = {
        s: {c for c, r in rows.items() if r.is_active and r.in_force(plan.effective)} for s, rows in existing.items()
    }
    seen = defaultdict(dict)
    for row in plan.rows:
        code, section = row.code, row.section
        if row.action not in ACTIONS[section]:
            err(row, _("thao tác “%(a)s” không hợp lệ (%(ok)s)."), a=row.action, ok=", ".join(ACTIONS[section]))
            continue
        if not code:
            err(row, _("thiếu mã."))
            continue
        if code in seen[section]:
            err(row, _("mã “%(c)s” đã có ở dòng %(l)d."), c=code, l=seen[section][code])
            continue
        seen[section][code] = row.line
        if not row["source"] and row.action != "keep":
            err(row, _("thiếu căn cứ (cột source) của “%(c)s”."), c=code)
        if row["verified"] not in VERIFIED:
            err(row, _("cột verified phải là primary (đã đối chiếu văn bản gốc) hoặc secondary (nguồn thứ cấp)."))
        if section == "weights":
            _check_weight(row, err)
        elif row.action == "add":
            if code in existing[section]:
                err(row, _("mã “%(c)s” đã có trong danh mục; mã của một mục mới phải mới."), c=code)
        elif code not in before[section]:
            err(
                row,
                _("“%(c)s” không có hiệu lực trong %(q)s, không giữ hay bỏ được."),
                c=code,
                q=_label(plan.effective),
            )
        elif row.action == "retire" and existing[section][code].valid_from == plan.effective:
            err(row, _("“%(c)s” bắt đầu từ chính quý này, không bỏ được."), c=code)
    for section in ("elements", "indicators", "rules"):
        untold = sorted(before[section] - set(seen[section]))
        if untold:
            errors.append(
                _("Phần [%(s)s] chưa nói giữ (keep) hay bỏ (retire): %(codes)s.")
                % {"s": section, "codes": ", ".join(untold)}
            )
    after = {
        s: (before[s] - {r.code for r in plan.of(s, "retire")}) | {r.code for r in plan.of(s, "add")}
        for s in ("elements", "indicators", "rules")
    }
    _check_additions(plan, after, err)
    errors += _check_uses(plan, existing, after)
    edges = [
        (old, change.code, None)
        for change in CatalogueChange.objects.exclude(replaces="")
        for old in change.replaces.split()
    ]
    for row in plan.of("elements", "add") + plan.of("indicators", "add"):
        for old in row["replaces"].split():
            section = row.section
            if old not in existing[section] and old not in seen[section]:
                err(row, _("“%(c)s” thay cho “%(o)s”, nhưng không có mục “%(o)s”."), c=row.code, o=old)
            elif old in after[section]:
                err(row, _("“%(c)s” thay cho “%(o)s”, nhưng “%(o)s” vẫn còn hiệu lực."), c=row.code, o=old)
            edges.append((old, row.code, row.line))
    if (line := _find_cycle(edges)) is not None:
        errors.append(line_error(line, _("quan hệ “thay cho” tạo thành vòng lặp (một mục thay cho chính nó).")))
    return errors


def _label(code: str) -> str:
    return quarter_label(*parse_period_code(code))


def _period_problems(plan: RevisionPlan) -> list[str]:
    """A revision changes the catalogue of every quarter from ``effective`` on: none of
    them may be locked, nor hold a report already sent (its figures would change)."""
    errors = []
    for period in Period.objects.order_by("year", "quarter"):
        if period.code >= plan.effective and period.is_locked:
            errors.append(
                _("%(q)s đã khóa: danh mục của quý đã khóa không được thay đổi (hãy chọn quý hiệu lực sau đó).")
                % {"q": period.label}
            )
    sent = Report.objects.filter(status__in=REPORT_STATUSES_WITH_DATA).select_related("period")
    quarters = sorted({r.period.code for r in sent if r.period.code >= plan.effective})
    if quarters:
        errors.append(
            _("Đã có báo cáo được nộp trong %(q)s: trả lại hoặc mở lại các báo cáo đó trước khi đổi danh mục.")
            % {"q": ", ".join(_label(q) for q in quarters)}
        )
    return errors


def _check_weight(row: Row, err) -> None:
    if row.code not in IndicatorGroup.values:
        err(row, _("nhóm chỉ số “%(g)s” không hợp lệ."), g=row.code)
    if row.action == "set":
        try:
            weight = _decimal(row["weight"])
        except ValueError:
            weight = None
        if weight is None or not Decimal(0) <= weight <= Decimal(100):
            err(row, _("trọng số “%(w)s” phải là số từ 0 đến 100."), w=row["weight"])


def _check_additions(plan: RevisionPlan, after: dict, err) -> None:
    """The fields of every added row, its expressions against the elements in force
    after the revision ("an unknown element in an expression")."""
    elements = after["elements"]
    for row in plan.of("elements", "add"):
        if not row["label_vi"]:
            err(row, _("thiếu tên (label_vi) của “%(c)s”."), c=row.code)
        if row["value_type"] not in ElementType.values:
            err(row, _("kiểu dữ liệu “%(t)s” không hợp lệ."), t=row["value_type"])
        if row["section"] not in FormSection.values:
            err(row, _("nhóm trên biểu mẫu “%(s)s” không hợp lệ."), s=row["section"])
        origin = row["origin"] or ElementOrigin.ENTERED
        if origin not in ElementOrigin.values:
            err(row, _("nguồn số liệu “%(o)s” không hợp lệ (entered, register)."), o=origin)
        elif origin == ElementOrigin.REGISTER and row.code not in REGISTER_COUNTS:
            err(row, _("hồ sơ hệ thống thông tin không có cách đếm “%(c)s”."), c=row.code)
        try:
            low, high = _decimal(row["min_value"]), _decimal(row["max_value"])
            if low is not None and high is not None and low > high:
                err(row, _("giá trị nhỏ nhất lớn hơn giá trị lớn nhất."))
        except ValueError:
            err(row, _("giá trị nhỏ nhất, lớn nhất phải là số."))
    for row in plan.of("indicators", "add"):
        if not row["name_vi"]:
            err(row, _("thiếu tên (name_vi) của “%(c)s”."), c=row.code)
        if row["group"] not in IndicatorGroup.values:
            err(row, _("nhóm chỉ số “%(g)s” không hợp lệ."), g=row["group"])
        for column in ("numerator", "denominator"):
            if row[column] or column == "numerator":
                _expression(row, column, elements, err)
        try:
            (
                _decimal(row["factor"] or "1"),
                _decimal(row["threshold"]),
                int(row["decimals"] or 0),
                _targets(row["targets"]),
            )
        except ValueError:
            err(row, _("hệ số, ngưỡng, số chữ số thập phân hoặc chỉ tiêu phấn đấu (targets) không đúng dạng số."))
        if row["higher_is_better"].lower() not in ("", "true", "false", "1", "0"):
            err(row, _("higher_is_better phải là true hoặc false."))
    for row in plan.of("rules", "add"):
        for column in ("left", "right"):
            _expression(row, column, elements, err)
        if row["operator"] not in RuleOperator.values:
            err(row, _("phép so sánh “%(o)s” không hợp lệ."), o=row["operator"])
        if row["severity"] not in RuleSeverity.values:
            err(row, _("mức độ “%(s)s” không hợp lệ (error, warning)."), s=row["severity"])
        if row["field"] not in elements:
            err(row, _("chỉ tiêu hiển thị lỗi “%(f)s” không có hiệu lực sau đợt sửa đổi."), f=row["field"])
        if not row["message_vi"]:
            err(row, _("thiếu thông báo (message_vi)."))


def _expression(row: Row, column: str, elements: set[str], err) -> None:
    try:
        parsed = parse_expression(row[column])
    except ExpressionError as error:
        err(row, _("%(col)s: %(e)s"), col=column, e=str(error))
        return
    unknown = sorted(parsed.names - elements)
    if unknown:
        err(
            row,
            _("%(col)s dùng chỉ tiêu không có hiệu lực sau đợt sửa đổi: %(codes)s."),
            col=column,
            codes=", ".join(unknown),
        )


def _check_uses(plan: RevisionPlan, existing: dict, after: dict) -> list[str]:
    """A retired element still read by an indicator or a rule in force after."""
    errors = []
    users = []
    for code in after["indicators"]:
        row = existing["indicators"].get(code)
        if row is not None:
            users.append((code, [row.numerator, row.denominator]))
    for code in after["rules"]:
        row = existing["rules"].get(code)
        if row is not None:
            users.append((code, [row.left, row.right, row.field.code]))
    for row in plan.of("elements", "retire"):
        using = []
        for code, texts in users:
            names = set()
            for text in filter(None, (t.strip() for t in texts)):
                try:
                    names |= parse_expression(text).names
                except ExpressionError:
                    continue
            if row.code in names:
                using.append(code)
        if using:
            message = _("chỉ tiêu “%(c)s” bị bỏ nhưng vẫn được dùng bởi: %(users)s (hãy bỏ cả các mục đó).")
            errors.append(line_error(row.line, message % {"c": row.code, "users": ", ".join(sorted(using))}))
    return errors
