"""The user guide (docs/huong-dan/*.md, in English docs/huong-dan/en/*.md) served by the
portal itself, in the reader's language.

The province's network may not reach any outside site, so the portal renders the same
Markdown files MkDocs builds into the documentation site: one source, two readers. The
pages hold no data of the province (only the demo's screenshots), so they are public:
an officer who cannot sign in reads the guide too.
"""

import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from markdown_it import MarkdownIt

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "huong-dan"
# The English pages: the same names and the same section anchors, so one help table
# serves both languages; they show the same (Vietnamese) screenshots.
TRANSLATIONS = {"en": GUIDE_DIR / "en"}
IMAGE_DIR = GUIDE_DIR / "img"
SLUG = re.compile(r"[a-z0-9-]+")
IMAGE = re.compile(r"[a-z0-9-]+\.png")
# "## Nộp báo cáo {#nop-bao-cao}": MkDocs' attr_list anchor, kept stable for the help
# links (an anchor slugified from a Vietnamese heading would change with its wording).
HEADING_ID = re.compile(r"\s*\{#([a-z0-9-]+)\}\s*$")

# Each page's help link: the URL name → (guide page, section). One table, so that a test
# can check every target exists and every page of the portal has one.
HELP = {
    "home": ("ban-chi-dao", "trang-toan-tinh"),
    "reports:province": ("ban-chi-dao", "trang-toan-tinh"),
    "reports:districts": ("ban-chi-dao", "xa-va-don-vi"),
    "reports:district": ("ban-chi-dao", "xa-va-don-vi"),
    "reports:communes": ("ban-chi-dao", "xa-va-don-vi"),
    "reports:map": ("ban-chi-dao", "ban-do"),
    "reports:ranking": ("ban-chi-dao", "xep-hang"),
    "reports:scorecard": ("ban-chi-dao", "doi-chieu-chi-tieu"),
    "directives:list": ("ban-chi-dao", "y-kien-chi-dao"),
    "directives:new": ("ban-chi-dao", "y-kien-chi-dao"),
    "directives:detail": ("ban-chi-dao", "y-kien-chi-dao"),
    "reports:index_weights": ("quan-tri", "trong-so"),
    "units:detail": ("ban-chi-dao", "xa-va-don-vi"),
    "completeness": ("ban-chi-dao", "tien-do-nop"),
    "briefing:export": ("ban-chi-dao", "bao-cao-phien-hop"),
    "indicators:my_reports": ("can-bo-nhap-lieu", "bao-cao-cua-toi"),
    "indicators:report": ("can-bo-nhap-lieu", "nhap-so-lieu"),
    "indicators:history": ("can-bo-nhap-lieu", "lich-su"),
    "indicators:register": ("can-bo-nhap-lieu", "so-dang-ky"),
    "indicators:system_edit": ("can-bo-nhap-lieu", "so-dang-ky"),
    "indicators:review_queue": ("can-bo-tham-dinh", "danh-sach-tham-dinh"),
    "indicators:periods": ("quan-tri", "ky-bao-cao"),
    "indicators:period_edit": ("quan-tri", "ky-bao-cao"),
    "exchange:template": ("can-bo-nhap-lieu", "bieu-mau-excel"),
    "exchange:import": ("can-bo-nhap-lieu", "bieu-mau-excel"),
    "exchange:imports": ("quan-tri", "nhap-xuat"),
    "exchange:import_job": ("quan-tri", "nhap-xuat"),
    "login": ("index", "dang-nhap"),
    "password_reset": ("index", "quen-mat-khau"),
    "password_change": ("index", "doi-mat-khau"),
    "password_change_done": ("index", "doi-mat-khau"),
}


# Pages the committee and the units' officers both open: an officer's link leads to the
# officer's chapter (answering a directive), not to the committee's (writing one).
UNIT_HELP = {
    "directives:list": ("can-bo-nhap-lieu", "tra-loi-chi-dao"),
    "directives:detail": ("can-bo-nhap-lieu", "tra-loi-chi-dao"),
}


def help_url(view_name: str | None, *, unit_reader: bool = False) -> str:
    """The guide's section for the page named ``view_name`` (``unit_reader``: the
    reader works for units, neither committee member nor admin); the guide's first page
    for a page without its own section."""
    table = UNIT_HELP if unit_reader and view_name in UNIT_HELP else HELP
    page, section = table.get(view_name or "", ("index", ""))
    url = reverse("guide:index") if page == "index" else reverse("guide:page", args=[page])
    return f"{url}#{section}" if section else url


def _heading_ids(state) -> None:
    """markdown-it core rule: ``{#id}`` at the end of a heading becomes its id."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            found = HEADING_ID.search(inline.content)
            if found:
                token.attrSet("id", found.group(1))
                inline.content = inline.content[: found.start()]
                last = inline.children[-1] if inline.children else None
                if last is not None and last.type == "text":
                    last.content = HEADING_ID.sub("", last.content)


def _links(state) -> None:
    """Links between the guide's pages and its images, as MkDocs writes them
    (``ban-chi-dao.md#xep-hang``, ``img/x.png``), pointed at the portal's addresses."""
    for token in state.tokens:
        for child in token.children or []:
            if child.type == "link_open":
                href = child.attrGet("href") or ""
                page, _hash, anchor = href.partition("#")
                if SLUG.fullmatch(page.removesuffix(".md")) and page.endswith(".md"):
                    slug = page.removesuffix(".md")
                    url = reverse("guide:index") if slug == "index" else reverse("guide:page", args=[slug])
                    child.attrSet("href", url + (f"#{anchor}" if anchor else ""))
                elif href.startswith("../"):
                    # The operator's manual is on the documentation site, not in the portal:
                    # its title stays, as text.
                    child.attrs.pop("href", None)
            elif child.type == "image":
                src = (child.attrGet("src") or "").removeprefix("../")  # an English page's
                if src.startswith("img/") and IMAGE.fullmatch(src[4:]):
                    child.attrSet("src", reverse("guide:image", args=[src[4:]]))
                    child.attrSet("loading", "lazy")
                    # The size reserves the image's room before it loads, so that a help
                    # link's #section lands where it should on a page of lazy images.
                    size = _png_size(IMAGE_DIR / src[4:])
                    if size:
                        child.attrSet("width", str(size[0]))
                        child.attrSet("height", str(size[1]))


def _png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG's header; None when the file is missing or not a PNG."""
    try:
        with path.open("rb") as file:
            head = file.read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("guide_links", _links)
    return md


@cache
def _rendered(path: Path, mtime: float) -> tuple[str, str]:
    """(title, HTML) of a guide page; ``mtime`` keys the cache so an edited file shows."""
    text = path.read_text(encoding="utf-8")
    title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    return HEADING_ID.sub("", title), _markdown().render(text)


def page_file(slug: str, language: str | None = None) -> Path:
    """The Markdown file of a guide page in ``language`` (the current one by default),
    the Vietnamese page when there is no translation."""
    folder = TRANSLATIONS.get((language or get_language() or "vi").split("-")[0])
    if folder is not None and (folder / f"{slug}.md").is_file():
        return folder / f"{slug}.md"
    return GUIDE_DIR / f"{slug}.md"


def render_page(slug: str) -> tuple[str, str]:
    path = page_file(slug)
    return _rendered(path, path.stat().st_mtime)


def pages() -> list[str]:
    """The guide's pages, in the order of its table of contents (``index`` first)."""
    return ["index", "can-bo-nhap-lieu", "can-bo-tham-dinh", "ban-chi-dao", "quan-tri"]


@require_safe
def guide_page(request, slug: str = "index"):
    if not SLUG.fullmatch(slug) or slug not in pages() or not (GUIDE_DIR / f"{slug}.md").is_file():
        raise Http404(_("Không có trang hướng dẫn này."))
    title, html = render_page(slug)
    toc = [(page, render_page(page)[0]) for page in pages()]
    # The page's own language (lang attribute; a note when it is not the reader's).
    language = "vi" if page_file(slug).parent == GUIDE_DIR else page_file(slug).parent.name
    context = {"title": title, "html": html, "slug": slug, "toc": toc, "page_language": language}
    return render(request, "guide/page.html", context)


@require_safe
def guide_image(request, name: str):
    path = IMAGE_DIR / name
    if not IMAGE.fullmatch(name) or not path.is_file():
        raise Http404(_("Không có hình này."))
    return FileResponse(path.open("rb"), content_type="image/png")
