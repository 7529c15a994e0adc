"""Reads of the unit hierarchy."""

from collections import defaultdict
from collections.abc import Iterable

from units.models import Unit


def subtree_ids(root_ids: Iterable[int]) -> set[int]:
    """The given units and everything below them, in one query whatever the depth:
    the (id, parent) pairs are read once and walked in memory (a few thousand rows
    at national scale), so no per-node recursion hits the database."""
    children = defaultdict(list)
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children[parent_id].append(unit_id)
    found, stack = set(), list(root_ids)
    while stack:
        unit_id = stack.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        stack.extend(children[unit_id])
    return found


def units_joined_without_history():
    """Units a reorganisation formed only from units outside the portal (the former
    Quảng Ngãi's communes): named former units, no lineage link, so the portal holds no
    report of their territory before them."""
    return Unit.objects.filter(outside_formers__isnull=False, predecessor_links__isnull=True).distinct()
