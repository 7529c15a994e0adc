"""The indicator catalogue, the quarters and the reports that hold the figures.

Units enter *data elements* (raw figures) once per quarter in a *report*; the
committee reads *indicators*, computed from the elements as
Σnumerator / Σdenominator × factor over any group of units (never an average of the
units' own ratios).

The models live in three modules — ``catalogue`` (elements, indicators, rules,
weights), ``reports`` (quarters, reports, values, one-time keys, reminders) and
``audit`` — and are all importable from here.
"""

from indicators.models.audit import AuditAction, AuditEntry
from indicators.models.catalogue import (
    DataElement,
    ElementType,
    FormSection,
    IndexWeight,
    Indicator,
    IndicatorGroup,
    RuleOperator,
    RuleSeverity,
    ValidationRule,
    localized,
)
from indicators.models.reports import (
    REPORT_STATUSES_WITH_DATA,
    Period,
    PeriodQuerySet,
    PeriodSource,
    Reminder,
    ReminderKind,
    Report,
    ReportStatus,
    ReportValue,
    SubmissionKey,
)
from kontum_it.append_only import AppendOnlyError

__all__ = [
    "REPORT_STATUSES_WITH_DATA",
    "AppendOnlyError",
    "AuditAction",
    "AuditEntry",
    "DataElement",
    "ElementType",
    "FormSection",
    "IndexWeight",
    "Indicator",
    "IndicatorGroup",
    "Period",
    "PeriodQuerySet",
    "PeriodSource",
    "Reminder",
    "ReminderKind",
    "Report",
    "ReportStatus",
    "ReportValue",
    "RuleOperator",
    "RuleSeverity",
    "SubmissionKey",
    "ValidationRule",
    "localized",
]
