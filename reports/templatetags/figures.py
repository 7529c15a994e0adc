from django import template

from reports.vocab import hierarchy_basis_text, provenance_text
from units.selectors import reorganisation_in_force

register = template.Library()


@register.simple_tag
def provenance(period) -> str:
    """Where ``period``'s figures come from (``reports.vocab.provenance_text``)."""
    return provenance_text(period) if period else ""


@register.simple_tag
def hierarchy_basis(period) -> tuple[str, str] | None:
    """(summary, text) of what ``period``'s list of units rests on once a reorganisation
    has changed it, else None. Read only when the page body is computed (it is kept
    under the data version)."""
    if not period:
        return None
    return hierarchy_basis_text(reorganisation_in_force(day=period.end_date))
