"""How a dashboard view answers, whatever the page: the page's body kept under the data
version (``reports.readcache``) and rendered only when it is not kept, its table's
CSV/XLSX export, and the frame around the body (the quarter picker, the province of
the quarter, whether it had districts, the quarters still coming in). The views
(``reports.views``) choose the quarter and hand a ``build()`` here."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports import readcache, refresh, selectors, tables, vocab
from reports.choice import PeriodChoice
from units.models import Level


def message_page(request, template: str, choice: PeriodChoice, context: dict | None = None):
    """The page with a clear message instead of figures: an unknown quarter (404, the
    picker lets the reader choose another) or nothing sent yet."""
    context = {"period": None, "periods": choice.periods, "error": choice.error} | (context or {})
    return render(request, template, context, status=404 if choice.requested else 200)


def page_key(request, *flags) -> tuple:
    """What a page's body depends on besides the data version: the URL with its query
    (quarter, filters, sorting, page), the language and the reader's ``flags`` (e.g.
    whether they may edit the weights). Nothing else of the user is in the body: the
    header and messages around it are rendered on every request."""
    query = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists()))
    return (request.path, get_language(), query, flags)


def page(request, template: str, choice: PeriodChoice, build, *, name: str, sheet: str = "", flags=(), **extra):
    """Export the page's table (``?_export=``) or render the page; ``build()`` gives the
    page's dict and runs only when the version's body (or export) is not kept yet.
    ``name``: the export file's name; ``sheet``: what the table is, in the reader's
    language (the XLSX sheet's name, with the quarter)."""
    # What the page stores reaches the shared cache in one round trip at the end.
    with readcache.writes_deferred():
        return _page(request, template, choice, build, name=name, sheet=sheet, flags=flags, **extra)


def _page(request, template: str, choice: PeriodChoice, build, *, name: str, sheet: str, flags, **extra):
    key = page_key(request, *flags)
    page = None
    if request.GET.get("_export") in tables.EXPORT_FORMATS:
        kept = readcache.cache_get("page", choice.version, ("export", *key))
        if kept is readcache.MISSING:
            page = build()
            kept = export(request, choice, page, name=name, sheet=sheet)
            if kept is not None:
                readcache.cache_put("page", choice.version, ("export", *key), kept)
        if kept is not None:
            content, content_type, disposition = kept
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = disposition
            return response
    context = {
        "period": choice.period,
        "periods": choice.periods,
        "previous": choice.previous,
        "province_name": province_name(choice),
        "has_districts": choice.has_districts(),
        "in_progress": in_progress(choice),
        **extra,
    }
    refresh.remember(request)
    body = readcache.cache_get("page", choice.version, key) if page is None else readcache.MISSING
    if body is not readcache.MISSING:
        return render(request, template, context | {"cached_body": body})
    page = build() if page is None else page
    table = page.get("table")
    if table is not None:
        tables.configure(request, table)
    context |= {"export_links": tables.export_links(request.GET), **page}
    # The template marks its body ({% page_body %}) and hands its HTML back here; the
    # view keeps it as a string. The tag itself reads and writes no cache.
    rendered = context["rendered_body"] = []
    response = render(request, template, context)
    if len(rendered) == 1:
        readcache.cache_put("page", choice.version, key, rendered[0])
    return response


def province_name(choice: PeriodChoice) -> str:
    """The short name of the province in force in the quarter shown (Kon Tum until
    30/06/2025, Quảng Ngãi after the merger), for the page header."""
    return choice.province()[0]


def in_progress(choice: PeriodChoice) -> list[dict]:
    """The quarters after the one shown whose reports are still coming in, each with
    what has arrived so far (kept per data version): one click from the page."""
    found = []
    for period in choice.in_progress:
        received, expected = readcache.cached(
            "data", choice.version, ("received", period.pk), lambda p=period: selectors.received_so_far(period=p)
        )
        found.append({"period": period, "received": received, "expected": expected})
    return found


def export(request, choice: PeriodChoice, page: dict, *, name: str, sheet: str) -> tuple | None:
    """The export's (content, type, disposition), or None for a page without a table."""
    table = page.get("table")
    if table is None:
        return None
    title = f"{sheet or name} {choice.period.label}"
    response = tables.export(request, table, name=name, period_code=choice.period.code, title=title)
    return response.content, response["Content-Type"], response["Content-Disposition"]


def level_tab_refused(request, template: str, choice: PeriodChoice, level: str) -> tuple[dict, HttpResponse | None]:
    """The level tabs of a page by level (ranking, scorecard): the levels of the
    quarter's hierarchy (no district since 2025), and the page refusing a level the
    quarter does not have, with the reason beside the tabs (None when ``level`` is one)."""
    every = vocab.level_labels()
    present = set(choice.units()["level"].unique().tolist())  # once, not per level
    levels = vocab.level_labels([lv for lv in every if lv in present])
    if level in levels:
        return levels, None
    if level in every:
        choice.error = _("%(label)s không có %(level)s. Hãy chọn một cấp trong danh sách.") % {
            "label": choice.period.label,
            "level": vocab.level_short_label(level),
        }
    else:
        choice.error = _("Không có cấp “%(level)s”. Hãy chọn một cấp trong danh sách.") % {"level": level}
    choice.requested = level
    context = {"levels": levels, "level": Level.DEPARTMENT, "period": choice.period}
    return levels, message_page(request, template, choice, context)
