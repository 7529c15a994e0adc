"""Applying a checked catalogue revision (``indicators.catalogue_revision``): all or
nothing, recorded, audited."""

from dataclasses import dataclass

from django.db import transaction

from access.models import AccessKind
from access.services import access_record
from indicators import form_specs
from indicators.catalogue_revision import (
    KINDS,
    SECTION_COLUMNS,
    RevisionError,
    RevisionPlan,
    _decimal,
    _targets,
    revision_check,
)
from indicators.models import (
    CatalogueChange,
    CatalogueChangeKind,
    CatalogueKind,
    CatalogueRevision,
    DataElement,
    ElementOrigin,
    IndexWeight,
    Indicator,
    ValidationRule,
)
from indicators.quarters import in_force


@dataclass
class RevisionOutcome:
    revision: CatalogueRevision | None
    added: dict[str, list[str]]
    kept: dict[str, list[str]]
    retired: dict[str, list[str]]


def _outcome(plan: RevisionPlan) -> RevisionOutcome:
    def codes(action):
        return {s: [r.code for r in plan.of(s, action)] for s in SECTION_COLUMNS}

    added = codes("add")
    added["weights"] = [r.code for r in plan.of("weights", "set")]
    return RevisionOutcome(revision=None, added=added, kept=codes("keep"), retired=codes("retire"))


def revision_preview(*, plan: RevisionPlan) -> RevisionOutcome:
    """What applying ``plan`` would do, without writing; raises RevisionError."""
    errors = revision_check(plan)
    if errors:
        raise RevisionError(errors)
    return _outcome(plan)


def _yes(text: str, default: bool = True) -> bool:
    return default if not text else text.lower() in ("true", "1")


@transaction.atomic
def revision_apply(*, plan: RevisionPlan, user=None) -> RevisionOutcome:
    """Apply ``plan`` all or nothing: retire, add, set weights, record the
    CatalogueRevision and what it changed, audit it. Raises RevisionError."""
    # Checked inside the transaction, the catalogue locked: two admins applying files
    # at once cannot both pass the checks.
    list(DataElement.objects.select_for_update().values_list("id", flat=True))
    errors = revision_check(plan)
    if errors:
        raise RevisionError(errors)
    outcome = _outcome(plan)
    revision = CatalogueRevision.objects.create(
        name=plan.name,
        legal_basis=plan.legal_basis,
        effective=plan.effective,
        notes="\n".join(plan.notes),
        source=plan.source,
        checksum=plan.checksum,
        applied_by=user,
    )
    outcome.revision = revision
    models = {"elements": DataElement, "indicators": Indicator, "rules": ValidationRule}
    for section, model in models.items():
        retired = [r.code for r in plan.of(section, "retire")]
        model.objects.filter(code__in=retired).update(valid_to=plan.until)
    start = {"valid_from": plan.effective}
    first = DataElement.objects.count() + 1
    for order, row in enumerate(plan.of("elements", "add"), start=first):
        DataElement.objects.create(
            code=row.code,
            label_vi=row["label_vi"],
            label_en=row["label_en"],
            value_type=row["value_type"],
            measure_unit=row["measure_unit"],
            min_value=_decimal(row["min_value"]),
            max_value=_decimal(row["max_value"]),
            section=row["section"],
            origin=row["origin"] or ElementOrigin.ENTERED,
            sort_order=order,
            help_text=row["help_vi"],
            help_text_en=row["help_en"],
            legal_source=row["source"],
            **start,
        )
    elements = {e.code: e for e in DataElement.objects.all()}
    first = Indicator.objects.count() + 1
    for order, row in enumerate(plan.of("indicators", "add"), start=first):
        Indicator.objects.create(
            code=row.code,
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            short_name_vi=row["short_name_vi"],
            short_name_en=row["short_name_en"],
            group=row["group"],
            numerator=row["numerator"],
            denominator=row["denominator"],
            factor=_decimal(row["factor"] or "1"),
            decimals=int(row["decimals"] or 0),
            suffix=row["suffix"],
            higher_is_better=_yes(row["higher_is_better"]),
            threshold=_decimal(row["threshold"]),
            weak_label=row["weak_label_vi"],
            weak_label_en=row["weak_label_en"],
            targets=_targets(row["targets"]),
            method_vi=row["method_vi"],
            method_en=row["method_en"],
            sort_order=order,
            legal_source=row["source"],
            **start,
        )
    for row in plan.of("rules", "add"):
        ValidationRule.objects.create(
            code=row.code,
            left=row["left"],
            operator=row["operator"],
            right=row["right"],
            field=elements[row["field"]],
            message_vi=row["message_vi"],
            message_en=row["message_en"],
            severity=row["severity"],
            legal_source=row["source"],
            **start,
        )
    for row in plan.of("weights", "set"):
        for weight in IndexWeight.objects.filter(group=row.code):
            if in_force(weight.valid_from, weight.valid_to, plan.effective):
                weight.valid_to = plan.until
                weight.save(update_fields=["valid_to"])
        IndexWeight.objects.create(
            group=row.code, weight=_decimal(row["weight"]), legal_source=row["source"], updated_by=user, **start
        )
    kinds = {"add": CatalogueChangeKind.ADDED, "set": CatalogueChangeKind.ADDED}
    kinds |= {"keep": CatalogueChangeKind.KEPT, "retire": CatalogueChangeKind.RETIRED}
    CatalogueChange.objects.bulk_create(
        CatalogueChange(
            revision=revision,
            kind=CatalogueKind(KINDS[row.section]),
            code=row.code,
            change=kinds[row.action],
            legal_source=row["source"],
            verified=row["verified"],
            replaces=" ".join(row["replaces"].split()),
            line=row.line,
        )
        for row in plan.rows
    )
    counts = {name: sum(len(v) for v in getattr(outcome, name).values()) for name in ("added", "kept", "retired")}
    access_record(
        kind=AccessKind.CATALOGUE_REVISION,
        user=user,
        detail=f"{plan.name} ({plan.effective}), {plan.source} sha256 {plan.checksum[:12]}: "
        f"{counts['added']} added, {counts['kept']} kept, {counts['retired']} retired",
    )
    # Bulk updates send no signal: every process reads the catalogue again, and every
    # quarter's pages (the rule in force may change what they show).
    form_specs.catalogue_changed()
    transaction.on_commit(form_specs.catalogue_changed)
    return outcome
