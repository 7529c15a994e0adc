"""Expected, received, approved, late and missing reports of one quarter, by level and
by district, with the units whose report is missing — derived from the reports."""

import pandas as pd
from django.urls import reverse
from django.utils.translation import gettext as _

from reports import aggregation
from reports.figures import share_text
from reports.quarter import QuarterData
from reports.tables import CompletenessTable, MissingUnitsTable
from reports.vocab import level_label, problem_label


def _records(table: pd.DataFrame, labels: dict) -> list[dict]:
    return [
        {
            **row,
            "label": labels.get(row["group"], row["group"]),
            "rate_text": share_text(row["submitted"], row["expected"]),
        }
        for row in table.to_dict("records")
    ]


def build(data: QuarterData) -> dict:
    units, states = data.units, data.states
    # One "Toàn tỉnh" row first, then the levels (a unit may count in two of them).
    level_groups = pd.concat(
        [aggregation.group_map(units, "all"), aggregation.group_map(units, "level")], ignore_index=True
    )
    structure = data.shape
    labels = {"all": _("Toàn tỉnh"), **structure.level_group_labels()}
    by_level = aggregation.completeness(states, level_groups)
    district_names = dict(zip(units["code"], units["name"], strict=True))
    district_table = None
    if structure.has_districts:
        by_district = aggregation.completeness(states, aggregation.group_map(units, "district"))
        district_table = CompletenessTable(_records(by_district, district_names), prefix="district-")
    # A unit that joins the portal in a later quarter owes no report yet.
    joining = states[states["status"] == aggregation.JOINING]
    missing = states[~states["received"] & (states["status"] != aggregation.JOINING)]
    missing_records = [
        {
            "name": row["name"],
            "level_label": level_label(row["level"]),
            "district_name": district_names.get(row["district_code"], "") if row["level"] == "commune" else "",
            "status_label": problem_label(row["status"]),
            "url": reverse("indicators:report", args=[row["code"], data.code]),
        }
        for row in missing.to_dict("records")
    ]
    return {
        "level_table": CompletenessTable(_records(by_level, labels), prefix="level-"),
        "district_table": district_table,
        "missing_table": MissingUnitsTable(
            missing_records, prefix="missing-", exclude=() if structure.has_districts else ("district_name",)
        ),
        "missing_count": len(missing_records),
        "joining_count": len(joining),
    }
