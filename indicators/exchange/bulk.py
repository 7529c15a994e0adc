"""Bulk import of long-format values by an admin: many units and quarters at once.

Every line is checked first (unit, quarter, element, value, duplicates), then each
report of the file — a (unit, quarter) — is written with status "sent" and audit
entries marked with the file's name. A report that exists already (a draft, a returned
report) goes through ``services.report_save``, the web form's write service (version
check, one-time key). A report that does not exist yet — years of old sheets are mostly
that — is checked with the same pure checks the service runs when sending
(``rules.submission_errors``: blanks, failed rules) and inserted in bulk with the rows
``report_save`` would have written (report at version 1, values, audit "created",
one entry per value and comment, "sent"): one call per report costs some twenty queries,
and 50,000 lines must load in seconds. The unique (unit, quarter) constraint still
decides if an officer starts the same report meanwhile: the file then fails whole.

The whole file is one transaction: a dry run (the default) and a file with any error
are rolled back, so a file is imported entirely or not at all.

Reports whose figures in the file equal those stored (and already count) are left
alone, so importing the same file again changes nothing. A sent or approved report
whose figures differ is refused: an admin reopens it first, as for the web form.

Figures loaded this way were accepted elsewhere (old sheets), so a large change since
the previous quarter does not need a comment here; every other check of the form holds.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import form_specs, rules, selectors, services
from indicators.exchange.longformat import LongFile, LongRow
from indicators.models import (
    REPORT_STATUSES_WITH_DATA,
    AuditAction,
    AuditEntry,
    DataElement,
    Period,
    Report,
    ReportStatus,
    ReportValue,
)
from indicators.quarters import parse_period_code
from units.models import Unit

IMPORT_REASON = gettext_lazy("nhập hàng loạt từ tệp %(name)s")
ERROR, WARNING = rules.ERROR, rules.WARNING


@dataclass(frozen=True)
class RowProblem:
    """One line's problem: line number, column, message."""

    row: int
    column: str
    message: str
    severity: str = ERROR


@dataclass
class ImportResult:
    """What an import found and (unless ``dry_run`` or errors) did."""

    rows: int = 0
    reports: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    committed: bool = False

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == ERROR]


def parse_value(raw, element: DataElement) -> Decimal | None:
    """A long-format value; ValueError with a Vietnamese message when it is not one."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if element.value_type == rules.YES_NO:
        word = str(raw).strip().lower()
        if word in {"1", "1.0", "có", "yes", "true"}:
            return Decimal(1)
        if word in {"0", "0.0", "không", "no", "false"}:
            return Decimal(0)
        raise ValueError(_("Hãy ghi 1 (Có) hoặc 0 (Không)."))
    if isinstance(raw, bool):
        raise ValueError(_("Hãy nhập số."))
    text = str(raw).strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            _("“%(text)s” không phải là số (số viết liền, không có dấu phân cách hàng nghìn).") % {"text": text[:30]}
        ) from None
    if not number.is_finite():
        raise ValueError(_("“%(text)s” không phải là số.") % {"text": text[:30]})
    if element.value_type == rules.INTEGER and number != number.to_integral_value():
        raise ValueError(_("Hãy nhập số nguyên, không có phần thập phân."))
    # adjusted() first: quantize raises on a number like 1e400 instead of answering.
    if number.adjusted() >= 14 or len(number.as_tuple().digits) > 14 or number != number.quantize(Decimal("0.01")):
        raise ValueError(_("Số quá dài hoặc có quá 2 chữ số thập phân."))
    return number


@dataclass
class _Group:
    unit: Unit
    period: Period
    elements: dict[str, DataElement] = field(default_factory=dict)
    rows: dict[str, LongRow] = field(default_factory=dict)  # element code → line
    values: dict[str, Decimal | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def _check_rows(data: LongFile, result: ImportResult) -> list[_Group]:
    """Check every line on its own; group the good ones by report (3 queries)."""
    units = {u.code: u for u in Unit.objects.reporting()}
    periods = {p.code: p for p in Period.objects.all()}
    elements = {e.code: e for e in DataElement.objects.filter(is_active=True)}
    groups: dict[tuple[str, str], _Group] = {}
    seen: dict[tuple[str, str, str], int] = {}
    refused: set[tuple[str, str]] = set()  # reports with a bad line: their line says why
    for line in data.rows:
        problems = []
        unit = units.get(line.unit_code)
        if unit is None:
            problems.append(("unit_code", _("Không có đơn vị mã “%(code)s”.") % {"code": line.unit_code}))
        period = periods.get(line.period)
        if period is None:
            try:
                parse_period_code(line.period)
                message = _("Chưa có kỳ báo cáo %(code)s; hãy mở kỳ trước khi nhập.") % {"code": line.period}
            except ValueError:
                message = _("Mã quý “%(code)s” không đúng, hãy viết như 2016Q3.") % {"code": line.period}
            problems.append(("period", message))
        elif unit is not None and not selectors.unit_exists_in_period(unit, period):
            problems.append(("unit_code", _("Đơn vị không hoạt động trong %(period)s.") % {"period": period.label}))
        elif unit is not None and selectors.unit_joins_portal_later(unit, period):
            message = _("Đơn vị báo cáo trên cổng từ %(start)s, không nhận số liệu %(period)s.")
            start = selectors.portal_start_label(unit)
            problems.append(("unit_code", message % {"start": start, "period": period.label}))
        element = elements.get(line.element_code)
        if element is None:
            problems.append(("element_code", _("Không có chỉ tiêu mã “%(code)s”.") % {"code": line.element_code}))
        elif period is not None and not element.in_force(period.code):
            # The catalogue of the line's quarter (indicators.catalogue_in_force).
            message = _("Chỉ tiêu “%(code)s” không thuộc danh mục của %(period)s.")
            problems.append(("element_code", message % {"code": line.element_code, "period": period.label}))
            element = None
        key = (line.unit_code, line.period, line.element_code)
        if key in seen:
            problems.append(("element_code", _("Trùng với dòng %(row)d.") % {"row": seen[key]}))
        seen.setdefault(key, line.row)
        value = None
        if line.formula:
            problems.append(("value", _("Ô có công thức; hãy ghi số trực tiếp.")))
        elif element is not None:
            try:
                value = parse_value(line.value, element)
            except ValueError as error:
                problems.append(("value", str(error)))
            else:
                spec = rules.ElementSpec(
                    code=element.code,
                    label=element.label,
                    value_type=element.value_type,
                    min_value=element.min_value,
                    max_value=element.max_value,
                )
                out_of_range = rules.check_range(spec, value)
                if out_of_range:
                    problems.append(("value", out_of_range.message))
        result.problems += [RowProblem(line.row, column, message) for column, message in problems]
        if problems:
            if unit is not None and period is not None:
                refused.add((unit.code, period.code))
            continue
        group = groups.setdefault((unit.code, period.code), _Group(unit=unit, period=period))
        group.rows[element.code] = line
        group.elements[element.code] = element
        group.values[element.code] = value
        if line.comment is not None:
            group.comments[element.code] = line.comment
    # Oldest quarter first, so that each report is compared with the one before it.
    kept = [group for key, group in groups.items() if key not in refused]
    return sorted(kept, key=lambda g: (g.period.year, g.period.quarter, g.unit.sort_order, g.unit.code))


def _first_row(group: _Group) -> int:
    return min(line.row for line in group.rows.values())


def values_import(
    data: LongFile,
    *,
    user,
    source_name: str,
    commit: bool = False,
    ip_address: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check and (with ``commit`` and no error) import a long-format file.

    ``progress(done, total)`` is called as reports are processed. Returns the counts
    and every problem by line; nothing is written unless ``result.committed``.
    """
    result = ImportResult(rows=len(data.rows))
    groups = _check_rows(data, result)
    result.reports = len(groups)
    with translation.override("vi"):
        reason = str(IMPORT_REASON) % {"name": source_name[:200]}
    reports = {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(
            unit_id__in={g.unit.id for g in groups}, period_id__in={g.period.id for g in groups}
        )
    }
    stored: dict[int, dict[str, tuple]] = {}
    for report_id, code, value, comment in ReportValue.objects.filter(report__in=list(reports.values())).values_list(
        "report_id", "element__code", "value", "comment"
    ):
        stored.setdefault(report_id, {})[code] = (value, comment)
    total = len(groups)
    now = timezone.now()
    # A new report whose quarter counts systems from the register, and whose lines do
    # not carry those counts, goes through report_save: it starts the register from the
    # unit's last one and counts it (indicators.services.register), as the form does.
    fresh = [g for g in groups if (g.unit.id, g.period.id) not in reports and not _counts_register(g)]
    fresh_ids = {id(g) for g in fresh}
    saved = [g for g in groups if id(g) not in fresh_ids]
    with transaction.atomic():
        for done, group in enumerate(saved):
            _import_group(group, reports, stored, result, user=user, reason=reason, ip_address=ip_address)
            if progress and done % 20 == 0:
                progress(done, total)
        _create_reports(fresh, result, user=user, reason=reason, ip_address=ip_address, now=now, progress=progress)
        if progress:
            progress(total, total)
        result.committed = commit and not result.errors
        if not result.committed:
            transaction.set_rollback(True)
    result.problems.sort(key=lambda p: (p.row, p.column))
    return result


def _counts_register(group: _Group) -> bool:
    """Whether the group's quarter counts elements from the register the file lacks."""
    return any(spec.code not in group.values for spec in form_specs.derived_elements(group.period))


def _import_group(group: _Group, reports, stored, result: ImportResult, *, user, reason, ip_address) -> None:
    report = reports.get((group.unit.id, group.period.id))
    current = stored.get(report.id, {}) if report else {}
    comments = {code: group.comments.get(code, current.get(code, (None, ""))[1]) for code in group.values}
    same = all(
        code in current and current[code][0] == value and current[code][1] == comments[code]
        for code, value in group.values.items()
    )
    if report and report.status in REPORT_STATUSES_WITH_DATA:
        if same:
            result.unchanged += 1
            return
        message = _("Báo cáo %(unit)s %(period)s đã nộp hoặc đã duyệt; quản trị hãy mở lại trước khi nhập đè.") % {
            "unit": group.unit.code,
            "period": group.period.code,
        }
        changed = [line for code, line in group.rows.items() if current.get(code, (None, ""))[0] != group.values[code]]
        result.problems += [RowProblem(line.row, "value", message) for line in changed or group.rows.values()]
        return
    try:
        services.report_save(
            unit=group.unit,
            period=group.period,
            user=user,
            values=group.values,
            comments=comments,
            version=report.version if report else 0,
            key=uuid.uuid4(),
            submit=True,
            ip_address=ip_address,
            reason=reason,
            explain_warnings=False,
        )
    except services.ReportInvalid as invalid:
        for problem in invalid.problems:
            line = group.rows.get(problem.field)
            prefix = "" if line else f"{problem.field}: "
            result.problems.append(
                RowProblem(
                    line.row if line else _first_row(group),
                    "value" if line else "element_code",
                    prefix + problem.message,
                )
            )
    except services.EntryError as refused:
        result.problems.append(RowProblem(_first_row(group), "unit_code", refused.message))
    else:
        if report:
            result.updated += 1
        else:
            result.created += 1


def _canonical(value: Decimal | None) -> str:
    # As services._canonical writes values in the audit trail: "1200", "12.5".
    return "" if value is None else format(value.normalize(), "f")


def _create_reports(
    groups: list[_Group],
    result: ImportResult,
    *,
    user,
    reason: str,
    ip_address: str | None,
    now: datetime.datetime,
    progress: Callable[[int, int], None] | None,
    batch: int = 500,
) -> None:
    """Insert the reports the file creates, sent, with their values and audit."""
    good = []
    for group in groups:
        problems = rules.submission_errors(
            elements=form_specs.form_elements(group.period),
            rules=form_specs.rule_specs(group.period),
            values=group.values,
            comments=group.comments,
        )
        problems = [p for p in problems if p.code != "comment"]  # as report_save(explain_warnings=False)
        for problem in problems:
            line = group.rows.get(problem.field)
            prefix = "" if line else f"{problem.field}: "
            result.problems.append(
                RowProblem(
                    line.row if line else _first_row(group),
                    "value" if line else "element_code",
                    prefix + problem.message,
                )
            )
        if not problems:
            good.append(group)
    if result.errors:
        return  # the file will be rolled back: writing the rest would only cost time
    today = timezone.localdate(now)
    for start in range(0, len(good), batch):
        chunk = good[start : start + batch]
        new_reports = [
            Report(
                unit=g.unit,
                period=g.period,
                status=ReportStatus.SUBMITTED,
                version=1,
                submitted_at=now,
                is_late=today > g.period.deadline,
                updated_at=now,
            )
            for g in chunk
        ]
        try:
            with transaction.atomic():
                Report.objects.bulk_create(new_reports)
        except IntegrityError:
            result.problems.append(
                RowProblem(
                    _first_row(chunk[0]),
                    "unit_code",
                    _("Một báo cáo trong tệp vừa được người khác tạo. Hãy chạy lại để nhập phần còn lại."),
                )
            )
            return
        values, audit = [], []
        for group, report in zip(chunk, new_reports, strict=True):
            base = {"report": report, "period_id": group.period.id, "user": user, "at": now}
            base |= {"ip_address": ip_address, "reason": reason, "version": 1}
            audit.append(AuditEntry(action=AuditAction.CREATED, **base))
            for code, value in group.values.items():
                element, comment = group.elements[code], group.comments.get(code, "").strip()
                if value is not None or comment:
                    values.append(ReportValue(report=report, element=element, value=value, comment=comment))
                if value is not None:
                    audit.append(
                        AuditEntry(action=AuditAction.VALUE, element=element, new_value=_canonical(value), **base)
                    )
                if comment:
                    audit.append(AuditEntry(action=AuditAction.COMMENT, element=element, new_value=comment, **base))
            audit.append(
                AuditEntry(
                    action=AuditAction.SUBMITTED, old_value=ReportStatus.DRAFT, new_value=ReportStatus.SUBMITTED, **base
                )
            )
        ReportValue.objects.bulk_create(values, batch_size=2000)
        AuditEntry.objects.bulk_create(audit, batch_size=2000)
        result.created += len(chunk)
        if progress:
            progress(result.reports - len(groups) + start + len(chunk), result.reports)
