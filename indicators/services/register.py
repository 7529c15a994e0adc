"""Writes of the register of information systems (see ``indicators.register``): a
system added, changed or removed, and the register started and counted when the report
is sent. They follow the report's rules (see the package): the form's version checked
and bumped (409 on a stale form), the one-time key, the report's edit blocker (a sent,
approved or locked report's register cannot change), every change audited."""

import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import form_specs
from indicators.models import AuditAction, AuditEntry, InformationSystem, Period, Report, ReportRegister, SystemEntry
from indicators.register import ENTRY_FIELDS, entry_copy, previous_register, register_entries, register_values
from indicators.services.checks import (
    ReportConflict,
    ReportReadOnly,
    WriteResult,
    _claim_key,
    _report_create_or_get,
    report_edit_blocker,
)
from units.models import Unit


def _register_start(report: Report) -> ReportRegister:
    """The report's register, started from the unit's previous one when it has none
    (inside the caller's transaction)."""
    register = ReportRegister.objects.filter(report=report).first()
    if register is not None:
        return register
    previous = previous_register(unit=report.unit, period=report.period)
    register = ReportRegister.objects.create(report=report, carried_from=previous)
    SystemEntry.objects.bulk_create(entry_copy(e, register=register, carried=True) for e in register_entries(previous))
    return register


def register_on_send(*, report: Report, values: dict) -> dict:
    """What ``report_save`` sends: ``values`` with the register's counts for the
    derived elements it does not carry (an import may bring them as sent elsewhere).
    Starts the register when the officer never opened it (carried over as it was)."""
    codes = [e.code for e in form_specs.derived_elements(report.period)]
    if not codes:
        return values
    _register_start(report)
    counted = register_values(report=report, period=report.period)
    return {code: counted[code] for code in codes if values.get(code) is None} | dict(values)


def _describe(entry: SystemEntry) -> str:
    return entry.name[:200]


@transaction.atomic
def system_save(
    *,
    unit: Unit,
    period: Period,
    user,
    version: int,
    key: uuid.UUID,
    values: dict,
    system_id: int | None = None,
    ip_address: str | None = None,
) -> WriteResult:
    """Add a system to the report's register (``system_id`` None) or change one.
    ``values``: the ENTRY_FIELDS. Raises ReportConflict, ReportReadOnly."""
    return _register_write(
        unit=unit,
        period=period,
        user=user,
        version=version,
        key=key,
        ip_address=ip_address,
        write=lambda register: _entry_write(register, unit=unit, system_id=system_id, values=values),
    )


@transaction.atomic
def system_remove(
    *, unit: Unit, period: Period, user, version: int, key: uuid.UUID, system_id: int, ip_address: str | None = None
) -> WriteResult:
    """Remove a system from the report's register (its earlier quarters keep it)."""

    def write(register):
        entry = SystemEntry.objects.filter(register=register, system_id=system_id).first()
        if entry is None:
            return []
        entry.delete()
        return [(_describe(entry), "", _("bỏ khỏi hồ sơ"))]

    return _register_write(
        unit=unit, period=period, user=user, version=version, key=key, ip_address=ip_address, write=write
    )


def _entry_write(register: ReportRegister, *, unit: Unit, system_id: int | None, values: dict) -> list[tuple]:
    """Create or update the entry; the audit lines (name, old, new) of what changed."""
    if system_id is None:
        system = InformationSystem.objects.create(unit=unit)
        entry = SystemEntry.objects.create(register=register, system=system, **values)
        return [(_describe(entry), "", _("thêm vào hồ sơ"))]
    entry = SystemEntry.objects.filter(register=register, system_id=system_id).first()
    if entry is None:
        raise ReportConflict(_("Hệ thống này không còn trong hồ sơ."), report=register.report)
    changes = [
        (_describe(entry), f"{name}={getattr(entry, name)}", f"{name}={values[name]}")
        for name in ENTRY_FIELDS
        if name in values and getattr(entry, name) != values[name]
    ]
    for name, value in values.items():
        setattr(entry, name, value)
    entry.carried_over = entry.carried_over and not changes
    entry.save()
    return changes


def _register_write(*, unit, period, user, version, key, ip_address, write) -> WriteResult:
    """The shared steps of a register write (inside the caller's transaction): the
    report row first (write first, see indicators.services), the one-time key, the
    version and the edit blocker, then ``write(register)``, the audit and the bump."""
    report = _report_create_or_get(unit=unit, period=period)
    if not _claim_key(key=key, report=report, user=user, action=AuditAction.SYSTEM):
        return WriteResult(report=report, replayed=True)
    report = Report.objects.select_related("period", "unit").get(pk=report.pk)
    if report.version != version:
        raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=report)
    blocker = report_edit_blocker(report=report, period=report.period, user=user)
    if blocker:
        raise ReportReadOnly(blocker, report=report)
    created = report.version == 0
    register = _register_start(report)
    changes = write(register)
    now = timezone.now()
    if not changes and not created:
        return WriteResult(report=report)
    if not Report.objects.filter(pk=report.pk, version=version).update(version=F("version") + 1, updated_at=now):
        raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=report)
    base = {"report": report, "period_id": report.period_id, "user": user, "at": now, "ip_address": ip_address}
    base["version"] = version + 1
    audit = [AuditEntry(action=AuditAction.CREATED, **base)] if created else []
    audit += [
        AuditEntry(
            action=AuditAction.SYSTEM,
            old_value=old[:1000],
            new_value=new[:1000],
            reason=name,
            **base,
        )
        for name, old, new in changes
    ]
    AuditEntry.objects.bulk_create(audit)
    report.version = version + 1
    # The version moves by itself: the database's triggers saw the values written.
    return WriteResult(report=report, created=created, changes=len(audit))
