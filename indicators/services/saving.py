"""Saving a report's figures (a draft, or sending it): versions, one-time keys, audit."""

import datetime
import uuid
from collections.abc import Mapping
from decimal import Decimal

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import form_specs, rules, selectors
from indicators.models import (
    AuditAction,
    AuditEntry,
    Period,
    Report,
    ReportStatus,
    ReportValue,
)
from indicators.services.checks import (
    NOT_READ,
    ReportConflict,
    ReportInvalid,
    ReportReadOnly,
    WriteResult,
    _canonical,
    _claim_key,
    _report_create_or_get,
    report_edit_blocker,
)
from indicators.services.register import register_on_send
from units.models import Unit


def report_save(
    *,
    unit: Unit,
    period: Period,
    user,
    values: Mapping[str, Decimal | None],
    comments: Mapping[str, str],
    version: int,
    key: uuid.UUID,
    submit: bool,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
    reason: str = "",
    explain_warnings: bool = True,
    existing: Report | None | object = NOT_READ,
) -> WriteResult:
    """Save a unit's figures for a quarter as a draft, or send them (``submit``).

    ``values`` and ``comments`` are keyed by element code; ``version`` is the one the
    form was loaded with (0 for a report not started yet). Creates the report on the
    first save. Values still equal to what was carried over from the last approved
    quarter stay marked as carried over in a draft; sending confirms them all.

    ``reason`` is written on every audit entry of the save (e.g. "nhập từ Excel": where
    the figures came from). ``explain_warnings=False`` lets warnings without a comment
    through when sending: only for an admin loading figures already accepted elsewhere
    (old sheets), never for an officer's form.

    ``existing`` is the report as the caller just read it (None: not started), which
    saves reading it again; only its id is used, its state is read in the transaction.

    Raises ReportConflict (stale version), ReportReadOnly (approved, sent, locked) or
    ReportInvalid (sending with blanks, failed rules or unexplained warnings).
    """
    if not selectors.unit_reports_in_period(unit, period):
        # The views refuse first; this keeps every other caller (imports, scripts) from
        # creating a report for a quarter before the unit reports on the portal.
        raise ReportReadOnly(_("Đơn vị không báo cáo trên cổng trong %(period)s.") % {"period": period.label})
    now = now or timezone.now()
    values = {code: None if value is None else Decimal(value) for code, value in values.items()}
    # Read before the transaction (see the module docstring): the report's id never
    # changes, and its state is read again once the transaction holds the write lock.
    if existing is NOT_READ:
        existing = Report.objects.filter(unit=unit, period=period).first()
    carried_source = {}
    if existing is None:
        _source, carried_source = selectors.carry_over_source(unit=unit, period=period)
    action = AuditAction.SUBMITTED if submit else AuditAction.VALUE
    with transaction.atomic():
        report = existing or _report_create_or_get(unit=unit, period=period)
        if not _claim_key(key=key, report=report, user=user, action=action):
            return WriteResult(report=selectors.report_by_id(report.pk), replayed=True)
        report = selectors.report_by_id(report.pk)
        if report.version != version:
            raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=report)
        blocker = report_edit_blocker(report=report, period=report.period, user=user, today=timezone.localdate(now))
        if blocker:
            raise ReportReadOnly(blocker, report=report)

        stored = selectors.report_values(report)
        if submit:
            # The register's counts become the report's values of the derived
            # elements (indicators.services.register): the register is frozen with it.
            values = register_on_send(report=report, values=values)
            previous_period, previous = selectors.previous_figures(unit=unit, period=report.period)
            problems = rules.submission_errors(
                elements=form_specs.form_elements(report.period),
                rules=form_specs.rule_specs(report.period),
                values={code: s.value for code, s in stored.items()} | dict(values),
                comments={code: s.comment for code, s in stored.items()} | dict(comments),
                previous=previous,
                previous_label=previous_period.label if previous_period else "",
            )
            if not explain_warnings:
                problems = [p for p in problems if p.code != "comment"]
            if problems:
                raise ReportInvalid(problems)

        created = report.version == 0
        entries, new_rows, changed_rows = [], [], []
        # Element ids from the catalogue kept per process (form_specs.element_ids), in
        # catalogue order; codes that are not elements are ignored.
        for code, element in form_specs.element_ids(report.period).items():
            if code not in values:
                continue
            new_value = values[code]
            new_comment = (comments.get(code) or "").strip()
            old = stored.get(code)
            old_value = old.value if old else None
            old_comment = old.comment if old else ""
            if submit:
                carried = False
            elif old is None:
                carried = created and new_value is not None and carried_source.get(code) == new_value
            else:
                carried = old.carried_over and old_value == new_value
            if old_value != new_value:
                entries.append((AuditAction.VALUE, element, _canonical(old_value), _canonical(new_value)))
            if old_comment != new_comment:
                entries.append((AuditAction.COMMENT, element, old_comment, new_comment))
            if old is None:
                if new_value is not None or new_comment:
                    new_rows.append(
                        ReportValue(
                            report=report,
                            element_id=element,
                            value=new_value,
                            comment=new_comment,
                            carried_over=carried,
                        )
                    )
            elif (old_value, old_comment, old.carried_over) != (new_value, new_comment, carried):
                changed_rows.append(ReportValue(pk=old.id, value=new_value, comment=new_comment, carried_over=carried))

        status = ReportStatus.SUBMITTED if submit else report.status
        if status == report.status and not entries and not new_rows and not changed_rows and not created:
            return WriteResult(report=report)  # nothing to write: the version stays

        fields = {"version": F("version") + 1, "status": status, "updated_at": now}
        if submit:
            fields["submitted_at"] = now
            # Timeliness is judged on the first sending: a report returned by the
            # reviewer and sent again is not late because of the return.
            late_now = timezone.localdate(now) > report.period.deadline
            fields["is_late"] = report.is_late if report.submitted_at else late_now
            fields["return_reason"] = ""
        changes = {name: value for name, value in fields.items() if name != "version"}
        if not _report_update(pk=report.pk, version=version, status=report.status, changes=changes):
            raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=report)

        ReportValue.objects.bulk_create(new_rows)
        # The rows' ids were read with the values above, in this transaction.
        _values_update(changed_rows)

        audit = []
        base = {"report": report, "period_id": report.period_id, "user": user, "at": now, "ip_address": ip_address}
        base["reason"] = reason
        new_version = version + 1
        if created:
            audit.append(AuditEntry(action=AuditAction.CREATED, version=new_version, **base))
        for entry_action, element, old_text, new_text in entries:
            audit.append(
                AuditEntry(
                    action=entry_action,
                    element_id=element,
                    old_value=old_text,
                    new_value=new_text,
                    version=new_version,
                    **base,
                )
            )
        if status != report.status:
            audit.append(
                AuditEntry(
                    action=AuditAction.SUBMITTED,
                    old_value=report.status,
                    new_value=status,
                    version=new_version,
                    **base,
                )
            )
        AuditEntry.objects.bulk_create(audit)
        # The row as the UPDATE above left it (this transaction holds its lock): no
        # need to read it back.
        for name, value in fields.items():
            setattr(report, name, value)
        report.version = new_version
        return WriteResult(report=report, created=created, changes=len(audit))


def _report_update(*, pk: int, version: int, status: str, changes: dict) -> bool:
    """``Report.objects.filter(pk=pk, version=version, status=status).update(version=
    F("version") + 1, **changes)`` as the plain statement it compiles to, the values
    prepared by their fields as the ORM prepares them (~0.4 ms of CPU a save less);
    True when the row was updated (False: someone else's write came first)."""
    meta = Report._meta
    connection = connections[router.db_for_write(Report)]
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in changes]
    version_column = quote(meta.get_field("version").column)
    assignments = [f"{version_column} = {version_column} + 1"] + [f"{quote(f.column)} = %s" for f in fields]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} WHERE {quote(meta.pk.column)} = %s "
        f"AND {version_column} = %s AND {quote(meta.get_field('status').column)} = %s"
    )
    params = [f.get_db_prep_save(changes[f.name], connection) for f in fields] + [pk, version, status]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


_UPDATED_FIELDS = ("value", "comment", "carried_over")


def _values_update(rows: list[ReportValue]) -> None:
    """``bulk_update(rows, ["value", "comment", "carried_over"])`` as one plain
    ``UPDATE … WHERE id = %s`` per row. A save changes one or a few values, and the
    ORM's ``CASE WHEN`` statement cost ~1.7 ms of CPU to build for them (a third of a
    save, bench/form_profile.py); the values are prepared by their fields as the ORM
    prepares them."""
    if not rows:
        return
    meta = ReportValue._meta
    fields = [meta.get_field(name) for name in _UPDATED_FIELDS]
    connection = connections[router.db_for_write(ReportValue)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
