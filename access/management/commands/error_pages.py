"""The pages nginx answers with itself, in the portal's layout and both languages:
``STATIC_ROOT/errors/<code>.<lang>.html``, which deploy/nginx/kontum-it.conf serves for
413 (body too large), 414 (address too long), 429 (too many sign-ins), and 502/503/504
(no app node answers). Run after ``collectstatic`` (the pages link the hashed CSS)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from indicators.numbers import format_number

PAGES = {
    413: (
        _("Tệp hoặc biểu mẫu quá lớn"),
        _(
            "Cổng nhận tệp tải lên đến %(files)s MB và biểu mẫu đến %(forms)s MB. Không có gì được lưu; "
            "hãy chia tệp nhỏ hơn hoặc dùng biểu mẫu tải từ cổng."
        ),
    ),
    414: (
        _("Địa chỉ trang quá dài"),
        _("Địa chỉ (URL) dài hơn mức cổng nhận. Hãy mở trang từ trình đơn của cổng thay vì dán địa chỉ."),
    ),
    429: (
        _("Quá nhiều lần thử trong một phút"),
        _("Từ địa chỉ của bạn có quá nhiều lần đăng nhập trong một phút. Hãy đợi một phút rồi thử lại."),
    ),
    502: (
        _("Máy chủ ứng dụng không trả lời"),
        _(
            "Cổng đang khởi động lại hoặc quá tải. Hãy thử lại sau ít phút; nếu bạn vừa bấm Lưu nháp hoặc "
            "Gửi báo cáo, hãy mở lại biểu mẫu để xem số liệu đã được lưu chưa trước khi nhập lại."
        ),
    ),
}
PAGES[503] = PAGES[504] = PAGES[502]


class Command(BaseCommand):
    help = "Ghi các trang lỗi mà nginx tự trả lời (413, 414, 429, 502, 503, 504) vào STATIC_ROOT/errors/."

    def handle(self, *args, **options):
        folder = Path(settings.STATIC_ROOT) / "errors"
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                sizes = {
                    "files": format_number(settings.REQUEST_MAX_BYTES / 2**20, 0),
                    "forms": format_number(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 10**6, 1),
                }
                for code, (heading, explain) in PAGES.items():
                    context = {"code": code, "heading": heading, "explain": explain % sizes, "LANGUAGE_CODE": language}
                    html = render_to_string("errors/proxy.html", context)
                    (folder / f"{code}.{language}.html").write_text(html, encoding="utf-8")
                    written += 1
        self.stdout.write(f"{written} trang lỗi → {folder}")
