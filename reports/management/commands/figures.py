import csv
import json

from django.core.management.base import BaseCommand, CommandError

from indicators.numbers import to_decimal
from reports import aggregation, selectors
from reports.quarter import quarter_data

FIELDS = ["group", "indicator", "numerator", "denominator", "value", "units_counted", "units_expected"]


def _plain(number):
    """JSON-friendly number: integers stay integers, NaN becomes null."""
    number = to_decimal(number)
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else round(float(number), 6)


class Command(BaseCommand):
    help = "In các chỉ số của một quý, theo cấp, theo huyện hoặc theo đơn vị (JSON hoặc CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Mã quý, ví dụ 2016Q3")
        parser.add_argument("--by", choices=["level", "district", "unit"], default="level")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--indicator", action="append", help="Chỉ in chỉ số có mã này (lặp lại được)")

    def handle(self, *args, period, by, format, indicator, **options):
        found = selectors.period_for_code(period)
        if found is None:
            raise CommandError(f"Không có kỳ báo cáo “{period}”. Mã quý có dạng 2016Q3.")
        specs = selectors.indicator_specs(codes=indicator)
        if indicator:
            unknown = sorted(set(indicator) - {s.code for s in specs})
            if unknown:
                raise CommandError(f"Không có chỉ số: {', '.join(unknown)}")
        # The pages' loader: the same units, values and sums as every dashboard.
        data = quarter_data(found, compare=None, specs=specs)
        groups = aggregation.group_map(data.units, by)
        table = data.summary(groups)
        expected = aggregation.expected_units(data.units, groups)
        table = table.assign(units_counted=table["units"], units_expected=table["group"].map(expected))
        order = {s.code: i for i, s in enumerate(specs)}
        if by == "level":
            group_order = {name: i for i, name in enumerate(aggregation.LEVEL_GROUPS)}
        else:
            group_order = {code: i for i, code in enumerate(data.units["code"])}
        table = table.assign(_g=table["group"].map(group_order), _i=table["indicator"].map(order)).sort_values(
            ["_g", "_i"]
        )
        rows = [{key: _plain(r[key]) if key in FIELDS[2:] else r[key] for key in FIELDS} for _, r in table.iterrows()]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
