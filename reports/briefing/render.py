"""The briefing as a PDF: charts to vector SVG through kaleido and Debian's Chromium,
the document through WeasyPrint with the Tinos font shipped in ``static/vendor/fonts``.

One Chromium serves every chart of a document, and it stays open for the next one (a
second briefing in the same process skips the browser's start-up, the slowest step).
Drawn charts and finished PDFs are kept in Django's shared cache, not in the process,
so that any app node behind the load balancer reuses them.
Without Chromium the PDF is still produced, with a visible notice in place of each chart.
"""

import asyncio
import atexit
import base64
import datetime
import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from indicators.models import Period
from reports.briefing.content import Briefing, briefing_build
from reports.briefing.paper import CHART_WIDTH, MAX_CHART_HEIGHT, print_figure  # noqa: F401 (re-exported)
from reports.briefing.signing import Signing

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; a line per page is noise in the server's
# log (the ``briefing`` command turns it back on to show progress).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# One tab: each tab loads plotly.js when Chromium opens, and a second one costs more at
# start-up (the cold path) than it saves on five charts (measured with bench/briefing.py).
KALEIDO_TABS = 1
OPEN_TIMEOUT = 30  # seconds for Chromium to start
RENDER_TIMEOUT = 60  # seconds for all charts of one document
INSTALL_HINT = "apt-get install chromium"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FONT_FILE = "vendor/fonts/tinos/Tinos-Regular.ttf"
PLOTLY_JS = "vendor/plotly/plotly-briefing.min.js"  # with the image export kaleido calls
CACHE_SECONDS = 7 * 24 * 3600  # drawings and PDFs are keyed by content: age only frees room

Progress = Callable[[str], None]


def find_chromium() -> str | None:
    """The Chromium to draw charts with: ``BROWSER_PATH`` (the variable kaleido's
    choreographer reads) when set, else the first Chromium on ``PATH``. None when there
    is none, or ``BROWSER_PATH`` names no executable file."""
    configured = os.environ.get("BROWSER_PATH", "").strip()
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class ChartServer:
    """kaleido's Chromium, opened once per process and reused by every document.

    kaleido is asynchronous; a daemon thread runs its event loop and callers hand it
    work with ``run_coroutine_threadsafe``, so every call has a timeout and concurrent
    requests (threaded servers) take turns behind a lock. (kaleido's own
    ``start_sync_server`` has neither: a crashed browser would hang the request.)
    ``start`` returns at once, so Chromium starts while the figures are read.
    """

    def __init__(self):
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opening = None  # concurrent.futures.Future of the open Kaleido
        self._path: str | None = None
        atexit.register(self.close)

    @property
    def is_open(self) -> bool:
        return self._opening is not None

    def start(self, path: str) -> None:
        """Begin opening Chromium at ``path`` unless it is open (or opening) already."""
        import kaleido  # imported late: it registers plotly's encoder and logs on import

        with self._lock:
            if self._opening is not None and self._path == path:
                return
            self._close_locked()
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="briefing-kaleido", daemon=True).start()

            async def open_kaleido():
                # mathjax=False: kaleido would load MathJax from a CDN the government
                # network does not reach. plotly.js is the portal's own basic bundle
                # (bar and scatter, all the charts use): a quarter of the full bundle's
                # size, so each tab loads it faster.
                k = kaleido.Kaleido(
                    n=KALEIDO_TABS, mathjax=False, path=path, timeout=RENDER_TIMEOUT, plotlyjs=plotly_js()
                )
                await k.open()
                return k

            self._loop, self._path = loop, path
            self._opening = asyncio.run_coroutine_threadsafe(open_kaleido(), loop)

    def render(self, figures: Sequence[dict], *, path: str) -> list[bytes | BaseException]:
        """SVG bytes of every figure (dicts with ``fig`` and ``opts``), or the error
        that stopped one. Opens Chromium at ``path`` first if needed."""
        with self._lock:
            self.start(path)
            try:
                k = self._opening.result(timeout=OPEN_TIMEOUT)
                future = asyncio.run_coroutine_threadsafe(self._render_all(k, figures), self._loop)
                try:
                    return future.result(timeout=RENDER_TIMEOUT)
                except BaseException:
                    future.cancel()
                    raise
            except BaseException:
                self._close_locked()  # a browser that failed or timed out is not trusted again
                raise

    @staticmethod
    async def _render_all(k, figures):
        return await asyncio.gather(*(k.calc_fig(f["fig"], opts=f["opts"]) for f in figures), return_exceptions=True)

    def close(self) -> None:
        """Close Chromium (at exit, or to free memory)."""
        with self._lock:
            self._close_locked()

    def _close_locked(self) -> None:
        opening, loop = self._opening, self._loop
        self._opening = self._loop = self._path = None
        if loop is None:
            return
        if opening is not None and not opening.done():
            # Still starting (it timed out): close it whenever it is up, without making
            # the request wait for it.
            opening.add_done_callback(lambda done: self._shut(done, loop))
            return
        self._shut(opening, loop)

    @staticmethod
    def _shut(opening, loop) -> None:
        try:
            k = opening.result() if opening is not None and not opening.cancelled() else None
            if k is not None:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=10)
        except Exception:  # a dead browser cannot be closed politely; its process group ends with it
            logger.debug("Chromium did not close cleanly", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)


chart_server = ChartServer()


class SharedCache:
    """Finished work by key, in Django's cache: Redis in production, so that every app
    node reuses what any node drew (a process's own memory would make the second
    download slow whenever the load balancer picks another node). ``clear`` forgets
    everything for all nodes at once by moving to a new generation of keys."""

    def __init__(self, name: str, *, timeout: int = CACHE_SECONDS):
        self._name = name
        self._timeout = timeout

    def _generation(self) -> int:
        return cache.get_or_set(f"{self._name}:generation", 1, timeout=None)

    def _key(self, key: str) -> str:
        return f"{self._name}:{self._generation()}:{key}"

    def get(self, key: str):
        return cache.get(self._key(key))

    def put(self, key: str, value) -> None:
        cache.set(self._key(key), value, timeout=self._timeout)

    def clear(self) -> None:
        try:
            cache.incr(f"{self._name}:generation")
        except ValueError:  # never used, or evicted: any new generation will do
            cache.set(f"{self._name}:generation", 2, timeout=None)


def figure_key(figure: dict) -> str:
    payload = figure["fig"].to_json() + json.dumps(figure["opts"], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


# Drawn charts by figure, and finished PDFs by their full HTML: a briefing asked for
# again (a second download, the same quarter for the next session) draws and lays out
# nothing twice, while any change of figures, wording or date changes the key — so no
# write has to invalidate them.
svg_cache = SharedCache("briefing-svg")
pdf_cache = SharedCache("briefing-pdf")


def plotly_js() -> str | None:
    found = finders.find(PLOTLY_JS)
    return str(found) if found else None  # None: kaleido uses the plotly package's bundle


def render_charts(briefing: Briefing, *, progress: Progress | None = None) -> bool:
    """Fill ``svg`` of every chart of the briefing (a data: URI of vector SVG); False
    when some could not be drawn (no Chromium, or it failed): the template then shows
    a notice in their place."""
    charts = briefing.charts
    figures = [print_figure(c.figure) for c in charts]
    keys = [figure_key(f) for f in figures]
    svgs = [svg_cache.get(k) for k in keys]
    missing = [i for i, svg in enumerate(svgs) if svg is None]
    if missing:
        path = find_chromium()
        if path is None:
            logger.warning(
                "Không tìm thấy Chromium: báo cáo được tạo không có biểu đồ. Cài đặt: `%s` "
                "(hoặc đặt biến môi trường BROWSER_PATH tới trình duyệt Chromium).",
                INSTALL_HINT,
            )
            return False
        if progress:
            progress(f"Vẽ {len(missing)} biểu đồ bằng Chromium ({path})")
        results = _render_with_one_retry([figures[i] for i in missing], path=path)
        for i, result in zip(missing, results, strict=True):
            if isinstance(result, bytes):
                svg_cache.put(keys[i], result)
                svgs[i] = result
            elif result is not None:
                logger.error("Biểu đồ “%s” không vẽ được: %s", charts[i].caption, result)
    elif progress:
        progress(f"Dùng lại {len(charts)} biểu đồ đã vẽ")
    for chart, svg in zip(charts, svgs, strict=True):
        chart.svg = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii") if svg else ""
    return all(svgs)


def fonts_url() -> str:
    """file:// URL of the shipped fonts' folder, for the document's @font-face rules."""
    found = finders.find(FONT_FILE)
    if not found:
        raise FileNotFoundError(f"static/{FONT_FILE} is missing: the briefing cannot embed its font")
    return Path(found).parent.as_uri() + "/"


def render_html(briefing: Briefing, *, charts_drawn: bool = True) -> str:
    with translation.override("vi"):
        return render_to_string(
            "reports/briefing/document.html",
            {"b": briefing, "fonts_url": fonts_url(), "charts_drawn": charts_drawn, "install_hint": INSTALL_HINT},
        )


def render_pdf(briefing: Briefing, *, progress: Progress | None = None) -> bytes:
    """The briefing as PDF bytes: charts first (vector SVG), then the pages."""
    from weasyprint import HTML  # heavy import: only where a PDF is made

    drawn = render_charts(briefing, progress=progress)
    html = render_html(briefing, charts_drawn=drawn)
    key = hashlib.sha256(html.encode()).hexdigest()
    cached = pdf_cache.get(key)
    if cached is not None:
        if progress:
            progress("Dùng lại bản PDF đã dàn trang (nội dung không đổi)")
        briefing.pages, pdf = cached
        return pdf
    if progress:
        progress("Dàn trang PDF (WeasyPrint)")
    document = HTML(string=html, base_url=fonts_url()).render()
    briefing.pages = len(document.pages)
    pdf = document.write_pdf()
    pdf_cache.put(key, (briefing.pages, pdf))
    return pdf


def _render_with_one_retry(figures: list[dict], *, path: str) -> list:
    """The charts' SVG (or each one's error), or ``None`` for each when Chromium fails
    twice. A browser that failed or timed out is closed (``ChartServer.render``): one
    more try on a fresh one rides out a start that was slow on a busy machine or a
    browser that died since the last document; a Chromium that cannot work fails again
    at once."""
    for attempt in (1, 2):
        try:
            return chart_server.render(figures, path=path)
        except Exception:
            if attempt == 1:
                # Recovered if the second try draws: informational, with the cause.
                logger.info("Chromium không vẽ được biểu đồ, thử lại với trình duyệt mới.", exc_info=True)
                continue
            logger.exception(
                "Chromium không vẽ được biểu đồ; báo cáo được tạo không có biểu đồ. Cài đặt: `%s`.", INSTALL_HINT
            )
    return [None] * len(figures)


def warm_up() -> None:
    """Start Chromium in the background if there is one: the export page calls this,
    so the browser is up by the time the admin has filled in the form."""
    path = find_chromium()
    if path is not None:
        chart_server.start(path)


def briefing_pdf(
    *,
    period: Period,
    compare: Period | None,
    session_title: str = "",
    session_date: datetime.date | None = None,
    signing: Signing | None = None,
    progress: Progress | None = None,
) -> tuple[Briefing, bytes]:
    """Build and render the briefing of ``period``: what the export page and the
    ``briefing`` command call. Chromium starts first, in the background, so its
    start-up overlaps reading and phrasing the figures."""
    warm_up()
    if progress:
        progress(f"Đọc và tổng hợp số liệu {period.label}")
    briefing = briefing_build(
        period=period, compare=compare, session_title=session_title, session_date=session_date, signing=signing
    )
    return briefing, render_pdf(briefing, progress=progress)
