import datetime
import logging
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import selectors
from reports.briefing.forms import NO_COMPARISON, BriefingForm
from reports.briefing.render import briefing_pdf
from reports.briefing.signing import stored_signing


class _PageProgress(logging.Handler):
    """WeasyPrint logs each page it lays out ("Step 5 - Creating layout - Page 3"):
    the page numbers follow the layout step on its line as they come."""

    def __init__(self, write):
        super().__init__(logging.INFO)
        self.write = write

    def emit(self, record):
        message = record.getMessage()
        if "Page" in message:
            self.write(f" {message.rsplit(' ', 1)[-1]}")


class Command(BaseCommand):
    help = (
        "Tạo báo cáo PDF phục vụ phiên họp Ban Chỉ đạo (thể thức Nghị định 30/2020/NĐ-CP) cho một quý, "
        "ví dụ: manage.py briefing --period 2016Q3 --output briefing.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Mã quý, ví dụ 2016Q3")
        parser.add_argument(
            "--compare",
            default="",
            help="Quý so sánh (mặc định: quý liền trước có số liệu; 'none': không so sánh)",
        )
        parser.add_argument("--title", default="", help="Tên phiên họp, in dưới tên báo cáo")
        parser.add_argument("--date", default="", help="Ngày ghi trên báo cáo, dạng 2016-10-14 (mặc định: hôm nay)")
        parser.add_argument("--output", default="", help="Tệp PDF ghi ra (mặc định: bao-cao-ung-dung-cntt-<quý>.pdf)")

    def handle(self, *args, period, compare, title, date, output, **options):
        periods = selectors.periods_with_data()
        codes = [p.code for p in periods]
        code = period.strip().upper()
        if code not in codes:
            known = ", ".join(codes) or "chưa có"
            raise CommandError(f"Không có số liệu của kỳ báo cáo “{period}”. Các quý có số liệu: {known}.")
        compare_code = compare.strip()
        compare_code = compare_code.lower() if compare_code.lower() == NO_COMPARISON else compare_code.upper()
        if compare_code and compare_code != NO_COMPARISON and compare_code not in codes:
            raise CommandError(f"Không có số liệu của quý so sánh “{compare}”.")
        stored = stored_signing()  # the number and signer an admin set on the export page
        form = BriefingForm(
            data={
                **{name: getattr(stored, name) for name in BriefingForm.SIGNING_FIELDS},
                "period": code,
                "compare": compare_code,
                "session_title": title,
                "session_date": date or datetime.date.today().isoformat(),
            },
            periods=periods,
        )
        if not form.is_valid():
            errors = "; ".join(
                f"{form.fields[f].label if f in form.fields else f}: {' '.join(e)}" for f, e in form.errors.items()
            )
            raise CommandError(errors)
        data = form.cleaned_data
        target = Path(output or f"bao-cao-ung-dung-cntt-{code}.pdf")
        if target.parent and not target.parent.exists():
            raise CommandError(f"Thư mục “{target.parent}” không tồn tại.")

        started = time.perf_counter()
        steps = iter(range(1, 10))

        def progress(message: str) -> None:
            if message.startswith("Dàn trang"):
                message += ", trang"
            self.stdout.write(f"\n[{next(steps)}] {time.perf_counter() - started:4.1f} s  {message}", ending="")
            self.stdout.flush()

        layout_log = logging.getLogger("weasyprint.progress")
        handler = _PageProgress(lambda text: (self.stdout.write(text, ending=""), self.stdout.flush()))
        old_level, old_propagate = layout_log.level, layout_log.propagate
        layout_log.addHandler(handler)
        layout_log.setLevel(logging.INFO)
        layout_log.propagate = False
        try:
            briefing, pdf = briefing_pdf(
                period=data["period"],
                compare=data["compare_period"],
                session_title=data["session_title"],
                session_date=data["session_date"],
                signing=stored,
                progress=progress,
            )
        finally:
            layout_log.removeHandler(handler)
            layout_log.setLevel(old_level)
            layout_log.propagate = old_propagate
        target.write_bytes(pdf)
        elapsed = time.perf_counter() - started
        compared = f", so sánh với {briefing.compare.label}" if briefing.compare else ""
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {target} ({briefing.pages} trang, {len(pdf) // 1024} KB): báo cáo {briefing.period.label}"
                f"{compared}, {len(briefing.charts)} biểu đồ, {elapsed:.1f} s."
            )
        )
