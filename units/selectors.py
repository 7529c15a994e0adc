"""Reads of the unit hierarchy."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from units.models import Level, Reorganisation, Unit


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


def province_in_force(*, day: datetime.date) -> Unit | None:
    """The province in force on ``day`` (one query): the one place that decides which
    province a page, an e-mail or a document names. A quarter's outputs ask for its
    last day (Kon Tum until 30/06/2025, Quảng Ngãi from 01/07/2025: Quý II/2025 is
    Kon Tum's, Quý III/2025 Quảng Ngãi's); pages without a quarter ask for today."""
    return Unit.objects.filter(level=Level.PROVINCE).active_on(day).order_by("sort_order", "code").first()


def reorganisation_in_force(*, day: datetime.date) -> Reorganisation | None:
    """The last reorganisation in force on ``day`` (one query): the legal acts a
    quarter's list of units rests on; None before the first one (the 2016 hierarchy)."""
    return Reorganisation.objects.filter(effective_date__lte=day).order_by("-effective_date", "-id").first()


def province_names(province: Unit | None) -> tuple[str, str]:
    """(short name, full name) of a province row: "Quảng Ngãi", "Tỉnh Quảng Ngãi"; empty
    strings when there is none (an empty database)."""
    if province is None:
        return "", ""
    return _short_name(province.short_name, province.name), province.name


def _short_name(short: str, name: str) -> str:
    # Without a short name, "Tỉnh Quảng Ngãi" is named "Quảng Ngãi" in "UBND tỉnh …".
    return short or name.removeprefix("Tỉnh ").strip()


def hierarchy_today(*, day: datetime.date) -> tuple[str, bool]:
    """(the short name of the province in force on ``day``, whether a district level
    exists then), in one query: what the frame of a page without a quarter shows."""
    rows = list(
        Unit.objects.filter(level__in=[Level.PROVINCE, Level.DISTRICT])
        .active_on(day)
        .order_by("-level", "sort_order", "code")
        .values_list("level", "short_name", "name")[:2]
    )
    # "province" sorts after "district": descending, the province comes first and a
    # district, if any, second.
    province = next(((short, name) for level, short, name in rows if level == Level.PROVINCE), None)
    return _short_name(*province) if province else "", any(level == Level.DISTRICT for level, _s, _n in rows)


def units_joined_without_history():
    """Units a reorganisation formed only from units outside the portal (the former
    Quảng Ngãi's communes): named former units, no lineage link, so the portal holds no
    report of their territory before them."""
    return Unit.objects.filter(outside_formers__isnull=False, predecessor_links__isnull=True).distinct()
