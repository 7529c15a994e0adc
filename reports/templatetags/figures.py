from django import template

from reports.vocab import provenance_text

register = template.Library()


@register.simple_tag
def provenance(period) -> str:
    """Where ``period``'s figures come from (``reports.vocab.provenance_text``)."""
    return provenance_text(period) if period else ""
