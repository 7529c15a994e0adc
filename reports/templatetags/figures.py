from django import template

from reports.vocab import hierarchy_basis_text, provenance_text
from units.selectors import reorganisation_in_force

register = template.Library()


@register.simple_tag
def provenance(period) -> str:
    """Where ``period``'s figures come from (``reports.vocab.provenance_text``)."""
    if not period:
        return ""
    # Read only when the page body is computed (it is kept under the data version).
    basis = hierarchy_basis_text(reorganisation_in_force(day=period.end_date))
    return f"{provenance_text(period)} {basis}".strip()
