"""Writes of the reports app: the readiness index weights."""

from decimal import Decimal

from django.db import transaction

from indicators.models import IndexWeight
from reports.aggregation import INDEX_GROUPS


@transaction.atomic
def index_weights_update(*, weights: dict[str, Decimal], user) -> list[IndexWeight]:
    """Save the weight of every index group (create the rows that are missing).

    ``weights``: {indicator group: weight 0–100}; groups outside the index are refused
    with ValueError, so a typo cannot create a row no page reads. The caller checks
    that ``user`` is an admin."""
    unknown = set(weights) - set(INDEX_GROUPS)
    if unknown:
        raise ValueError(f"not index groups: {sorted(unknown)}")
    saved = []
    for group, weight in weights.items():
        # The open-ended row: rows a catalogue revision ended belong to past quarters.
        row, _ = IndexWeight.objects.update_or_create(
            group=group, valid_to="", defaults={"weight": weight, "updated_by": user}
        )
        saved.append(row)
    return saved
