import json

from django.core.management.base import BaseCommand, CommandError

from kontum_it.sheets import write_csv
from reports import selectors
from reports.listing import FIELDS, figure_listing


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
        specs = selectors.indicator_specs(period=found, codes=indicator)
        if indicator:
            unknown = sorted(set(indicator) - {s.code for s in specs})
            if unknown:
                raise CommandError(f"Không có chỉ số: {', '.join(unknown)}")
        rows = figure_listing(found, by=by, specs=specs)
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            write_csv(self.stdout, FIELDS, ([row.get(name) for name in FIELDS] for row in rows), bom=False)
