"""The districts side by side, each taken with its communes: index and rank, reports
received, key shares; a district without counted data is listed, unranked."""

from django.utils.translation import gettext as _

from reports import aggregation
from reports.pages.common import index_chart_block, keep, with_urls
from reports.quarter import QuarterData
from reports.rows import district_records
from reports.tables import DistrictTable


def build(data: QuarterData) -> dict:
    units = data.units
    groups = aggregation.group_map(units, "district")  # for the sums and the reports received
    specs = [s for s in data.specs if s.code in DistrictTable.base_columns]
    # Only what the page shows and the index reads is summed (13 of 18 indicators: the
    # sums were the builder's largest step at national scale); a sum or a score depends
    # on its own indicator's terms alone.
    index_specs = aggregation.index_specs(data.specs)
    summed = [s for s in data.specs if s in specs or s in index_specs]
    summary = aggregation.summarise(aggregation.unit_terms(data.current, summed), groups, summed)
    districts = keep(units, level="district")
    ranked = aggregation.ranking(
        aggregation.readiness_index(summary, data.specs, data.weights), districts, by_level=False
    )
    completeness = aggregation.completeness(data.states, groups).set_index("group")
    commune_counts = keep(units, level="commune").groupby("district_code").size()
    records = district_records(ranked, districts, summary, completeness, commune_counts, specs, period=data.code)
    return {
        # After the 2025 reorganisation the quarter has no district level: say so
        # rather than show an empty table.
        "no_districts": districts.empty,
        "table": DistrictTable(with_urls(records, data.code, view="reports:district")),
        "chart": index_chart_block(
            "districts-index",
            ranked,
            data.weights,
            title=_("Chỉ số sẵn sàng của các huyện, thành phố (gồm UBND huyện và các xã)"),
        ),
    }
