"""The indicator catalogue, the quarters and the reports that hold the figures.

Units enter *data elements* (raw figures) once per quarter in a *report*; the
committee reads *indicators*, computed from the elements as
Σnumerator / Σdenominator × factor over any group of units (never an average of the
units' own ratios).

The models live in these modules — ``catalogue`` (elements, indicators, rules,
weights, each dated by quarter), ``revision`` (catalogue revisions applied from a file),
``reports`` (quarters, reports, values, one-time keys, reminders), ``register`` (each
report's register of information systems), ``evidence`` (files attached to a report)
``imports`` (bulk imports run in the background) and ``audit`` — and are all importable from here.
"""

from indicators.models.audit import AuditAction, AuditEntry
from indicators.models.catalogue import (
    DataElement,
    ElementOrigin,
    ElementType,
    FormSection,
    IndexWeight,
    Indicator,
    IndicatorGroup,
    InForce,
    RuleOperator,
    RuleSeverity,
    ValidationRule,
    in_force_text,
    localized,
)
from indicators.models.evidence import Evidence, evidence_storage
from indicators.models.imports import ImportJob, ImportJobStatus, import_storage
from indicators.models.register import (
    CENTRAL_HOSTING,
    LAYER_FIELDS,
    Hosting,
    InformationSystem,
    ReportRegister,
    SystemEntry,
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
from indicators.models.revision import CatalogueChange, CatalogueChangeKind, CatalogueKind, CatalogueRevision
from kontum_it.append_only import AppendOnlyError

__all__ = [
    "CENTRAL_HOSTING",
    "LAYER_FIELDS",
    "CatalogueChange",
    "CatalogueChangeKind",
    "CatalogueKind",
    "CatalogueRevision",
    "Evidence",
    "ImportJob",
    "ImportJobStatus",
    "import_storage",
    "Hosting",
    "InformationSystem",
    "ReportRegister",
    "SystemEntry",
    "evidence_storage",
    "REPORT_STATUSES_WITH_DATA",
    "AppendOnlyError",
    "AuditAction",
    "AuditEntry",
    "DataElement",
    "ElementOrigin",
    "InForce",
    "in_force_text",
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
