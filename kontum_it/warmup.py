"""Work every process would otherwise do on its first request, done once at start.

gunicorn loads the app in its master and forks the workers from it (``preload_app``),
but Django imports the URLconf — every view, and with the dashboards' views pandas and
plotly: ~1,000 modules — only when the first request arrives. Each worker then paid
~0.6 s of CPU for its first request, and again whenever it was recycled
(``max_requests``): on 2 cores, seconds of CPU in the middle of a rush. Done here, in the
master, the workers are born warm and share those pages of memory.

Nothing here touches the database: a connection opened before the fork would be shared
by every worker.
"""

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from kontum_it.release import release_id

# The pages of the deadline rush: compiled once (the cached template loader keeps them).
TEMPLATES = ("base.html", "indicators/report_form.html", "indicators/my_reports.html")


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view
    release_id()  # the digest of the code, part of every kept page's key
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Lưu nháp")  # reads the language's catalogue
    for name in TEMPLATES:
        get_template(name)
    from indicators.forms import ReportForm

    ReportForm.default_renderer.get_template(ReportForm.grid_template)
