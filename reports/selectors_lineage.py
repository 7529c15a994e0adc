"""Reads of the reorganisations for the reports: lineage links, former units outside the
portal, the days of the changes (each one or two queries). Re-exported by
``reports.selectors``, which callers import."""

import pandas as pd
from django.db.models import Max, Q

from indicators.models import Period
from reports.aggregation import AREA_COLUMNS
from units.models import Level, OutsideFormer, Reorganisation, Unit, UnitLineage


def lineage_links(*, after: Period | None = None, upto: Period | None = None) -> pd.DataFrame:
    """Every lineage link of every reorganisation (two queries; a few hundred rows per
    reorganisation): columns ``aggregation.LINK_COLUMNS``. ``after``/``upto``: only the
    reorganisations effective after the end of ``after`` and by the end of ``upto``
    (those between a comparison quarter and the quarter shown).

    A former unit whose reports the portal never held (``OutsideFormer``: the former
    Quảng Ngãi's departments and communes) is a link from a negative id, which no value
    ever has: a new unit formed partly from such units is never rebuilt or compared as
    if its portal part were the whole ("tái dựng từ 1/2 đơn vị cũ")."""
    qs = UnitLineage.objects.all()
    outside = OutsideFormer.objects.all()
    if after is not None:
        qs = qs.filter(reorganisation__effective_date__gt=after.end_date)
        outside = outside.filter(reorganisation__effective_date__gt=after.end_date)
    if upto is not None:
        qs = qs.filter(reorganisation__effective_date__lte=upto.end_date)
        outside = outside.filter(reorganisation__effective_date__lte=upto.end_date)
    rows = [(a, b, float(s)) for a, b, s in qs.values_list("predecessor_id", "successor_id", "share")]
    rows += [(-pk, b, 1.0) for pk, b in outside.values_list("id", "successor_id")]
    return pd.DataFrame(rows, columns=["predecessor_id", "successor_id", "share"])


def level_ended(level: str):
    """The last day a level existed (one query): None while a unit of that level is
    still open (or none ever existed)."""
    units = Unit.objects.filter(level=level)
    if not units.exists() or units.filter(active_to__isnull=True).exists():
        return None
    return units.aggregate(end=Max("active_to"))["end"]


def reorganisation_days() -> list[tuple]:
    """(effective date, name) of every reorganisation applied, oldest first (one
    query): the trend charts mark them on their time axis."""
    return list(Reorganisation.objects.order_by("effective_date", "id").values_list("effective_date", "name"))


def commune_area_links(*, period: Period) -> pd.DataFrame:
    """For the communes of ``period`` opened by a reorganisation: the district of each
    of their former communes (one query), columns ``AREA_COLUMNS``. One hop:
    the districts of the communes a commune directly replaced."""
    rows = (
        UnitLineage.objects.filter(successor__level=Level.COMMUNE, predecessor__parent__level=Level.DISTRICT)
        .filter(successor__in=Unit.objects.active_during(period.start_date, period.end_date))
        .values_list(
            "successor_id",
            "predecessor__parent__code",
            "predecessor__parent__short_name",
            "predecessor__parent__name",
            "share",
        )
    )
    return pd.DataFrame([(a, b, c or d, float(s)) for a, b, c, d, s in rows], columns=AREA_COLUMNS)


def outside_formers(*, unit_id: int) -> list[str]:
    """Names of the former units of one unit whose reports the portal never held (one
    query)."""
    return list(OutsideFormer.objects.filter(successor_id=unit_id).values_list("name", flat=True))


def unit_neighbours(*, unit_id: int) -> tuple[list, list]:
    """(former units, successor units) of one unit by its direct links, each a
    UnitLineage with both units loaded (one query)."""
    links = list(
        UnitLineage.objects.filter(Q(successor_id=unit_id) | Q(predecessor_id=unit_id))
        .select_related("predecessor", "successor", "reorganisation")
        .order_by("predecessor__sort_order", "predecessor__code", "successor__sort_order", "successor__code")
    )
    return [x for x in links if x.successor_id == unit_id], [x for x in links if x.predecessor_id == unit_id]
