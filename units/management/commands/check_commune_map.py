"""Check the communes' map (static/geo/, scripts/build-commune-map) against the units:

python manage.py check_commune_map               # the communes in force today
python manage.py check_commune_map --on 2025-07-01

Valid polygons, no overlaps beyond the tolerance, one feature per commune in force
named by its official code, and the file's size. Exits with an error listing what is
wrong; run it after rebuilding the map or importing a reorganisation.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from units import geo


class Command(BaseCommand):
    help = "Kiểm tra bản đồ các xã: vùng hợp lệ, không chồng lấn, khớp mã với các xã đang hoạt động, dung lượng."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="Ngày các đơn vị có hiệu lực (YYYY-MM-DD); mặc định hôm nay.")

    def handle(self, *args, on=None, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"“{on}” không phải ngày (YYYY-MM-DD).") from None
        codes = geo.commune_codes_on(day)
        result = geo.check_map(codes)
        summary = (
            f"{geo.MAP_FILE.name}: {result.features} vùng, {result.raw_bytes} byte "
            f"({result.gzipped_bytes} byte nén gzip), chồng lấn {result.overlap_share:.4%}; "
            f"{len(codes)} xã đang hoạt động ngày {day:%d/%m/%Y}."
        )
        if result.problems:
            raise CommandError("\n".join([summary, *result.problems]))
        self.stdout.write(self.style.SUCCESS(summary + " Bản đồ hợp lệ."))
