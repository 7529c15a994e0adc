"""The documentation says what the code does: every environment variable the code reads
is in the operator's configuration table once, every link and image between the docs
resolves, every help link of the portal opens a section of the guide that exists, and
the guide's images are the ones docs/screenshots.py takes."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from kontum_it import guide

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIGURATION = DOCS / "operator" / "configuration.md"
# What the portal, gunicorn and the backup scripts read from the environment (the test
# tools' own, such as CHROMIUM, are for developers and stay in the developer's guide).
PYTHON_SOURCES = ["kontum_it", "units", "indicators", "reports", "api", "access", "deploy"]
SHELL_SOURCES = ["deploy/backup", "deploy/restore", "deploy/run-local", "deploy/test-scale-out"]
PYTHON_READ = re.compile(
    r"""(?:os\.getenv|os\.environ\.get|envbool|envlist)\(\s*["']([A-Z][A-Z0-9_]*)["']|os\.environ\[["']([A-Z][A-Z0-9_]*)["']\]"""
)
SHELL_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::?[-=?+][^}]*)?\}")
DOCUMENTED = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|", re.MULTILINE)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.MULTILINE)
EXPLICIT_ID = re.compile(r"\{#([a-z0-9-]+)\}\s*$")


def variables_read() -> set[str]:
    found = set()
    for folder in PYTHON_SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in PYTHON_READ.finditer(path.read_text(encoding="utf-8")):
                found.add(match.group(1) or match.group(2))
    for name in SHELL_SOURCES:
        found |= set(SHELL_READ.findall((ROOT / name).read_text(encoding="utf-8")))
    return found


def test_configuration_lists_every_environment_variable_the_code_reads_once():
    documented = DOCUMENTED.findall(CONFIGURATION.read_text(encoding="utf-8"))
    twice = sorted({name for name in documented if documented.count(name) > 1})
    assert not twice, f"documented more than once in {CONFIGURATION.name}: {twice}"
    read = variables_read()
    assert read >= {"SECRET_KEY", "DATABASE_URL", "GUNICORN_WORKERS", "BACKUP_KEEP"}  # the scan finds them
    missing, stale = sorted(read - set(documented)), sorted(set(documented) - read)
    assert not missing, f"read by the code, not in {CONFIGURATION.name}: {missing}"
    assert not stale, f"in {CONFIGURATION.name}, read nowhere: {stale}"


def slug(title: str) -> str:
    """MkDocs' default anchor of a heading (toc's slugify), for headings without {#id}."""
    title = re.sub(r"[`*_]", "", title)
    title = re.sub(r"[^\w\s-]", "", title.lower(), flags=re.ASCII)
    return re.sub(r"[-\s]+", "-", title).strip("-")


def anchors(path: Path) -> set[str]:
    found = set()
    for title in HEADING.findall(path.read_text(encoding="utf-8")):
        explicit = EXPLICIT_ID.search(title)
        found.add(explicit.group(1) if explicit else slug(title))
    return found


def markdown_files():
    return sorted(DOCS.rglob("*.md")) + [ROOT / "README.md", ROOT / "deploy" / "README.md"]


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_image_resolves(path):
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("/"):
            continue  # outside addresses and the portal's own pages
        file, _hash, anchor = target.partition("#")
        resolved = (path.parent / file).resolve() if file else path
        if not resolved.exists():
            broken.append(target)
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target} (no such section)")
    assert not broken, f"{path.relative_to(ROOT)}: {broken}"


def test_every_help_link_opens_a_section_of_the_guide_in_both_languages():
    for view_name, (page, section) in [*guide.HELP.items(), *guide.UNIT_HELP.items()]:
        assert page in guide.pages(), (view_name, page)
        for language in ("vi", "en"):
            path = guide.page_file(page, language)
            assert section in anchors(path), (view_name, f"{path.relative_to(ROOT)}#{section}")


@pytest.mark.django_db
def test_a_directives_help_link_leads_an_officer_to_answering_and_the_committee_to_writing(demo, client):
    from django.contrib.auth import get_user_model

    from indicators.models import Directive

    directive = Directive.objects.filter(replies__isnull=True).first()
    url = f"/directives/{directive.pk}/"
    client.force_login(get_user_model().objects.get(username="demo-district"))
    assert 'href="/huong-dan/can-bo-nhap-lieu/#tra-loi-chi-dao"' in client.get(url).content.decode()
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    assert 'href="/huong-dan/ban-chi-dao/#y-kien-chi-dao"' in client.get(url).content.decode()


def test_the_english_guide_has_every_page_and_section_of_the_vietnamese():
    for page in guide.pages():
        english = guide.TRANSLATIONS["en"] / f"{page}.md"
        assert english.is_file(), english
        assert anchors(english) == anchors(guide.GUIDE_DIR / f"{page}.md"), page


# URL names that are no page of their own: POST-only actions, downloads, redirects, the
# API (documented at /api/v1/docs/) and the guide itself.
NOT_PAGES = {
    "indicators:review",
    "indicators:reopen",
    "indicators:system_remove",
    "indicators:evidence",
    "indicators:evidence_upload",
    "indicators:evidence_remove",
    "exchange:import_progress",
    "exchange:import_job_progress",
    "exchange:export",
    "role_home",
    "logout",
    "set_language",
}


def test_every_page_of_the_portal_has_its_section_in_the_help_table():
    from tests.security.test_url_walk import url_names

    names = set(url_names()) - {"admin:*"}
    assert set(guide.HELP) <= names, f"help for pages that do not exist: {sorted(set(guide.HELP) - names)}"
    pages = {n for n in names if not n.startswith(("api:", "guide:"))} - NOT_PAGES
    assert pages <= set(guide.HELP), f"pages without a section of the guide: {sorted(pages - set(guide.HELP))}"


def test_every_image_of_the_guide_is_taken_by_the_screenshot_script():
    script = (DOCS / "screenshots.py").read_text(encoding="utf-8")
    taken = set()
    for name, suffix in re.findall(r'shot\(page, f?"([a-z0-9-]+)(\{suffix\})?"', script):
        taken |= {name, f"{name}-dien-thoai"} if suffix else {name}  # desktop and phone
    used = set()
    for page in guide.pages():
        for path in (guide.GUIDE_DIR / f"{page}.md", guide.TRANSLATIONS["en"] / f"{page}.md"):
            used |= set(re.findall(r"\((?:\.\./)?img/([a-z0-9-]+)\.png\)", path.read_text(encoding="utf-8")))
    assert used <= taken, f"images no step takes: {sorted(used - taken)}"
    on_disk = {path.stem for path in guide.IMAGE_DIR.glob("*.png")}
    assert used <= on_disk, f"images missing from {guide.IMAGE_DIR}: {sorted(used - on_disk)}"


@pytest.mark.django_db
def test_the_portal_serves_every_page_of_the_guide_with_its_images(client):
    for page in guide.pages():
        url = reverse("guide:index") if page == "index" else reverse("guide:page", args=[page])
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'src="img/' not in html and ".md" not in re.sub(r"<code>.*?</code>", "", html)
        for src in re.findall(r'<img src="([^"]+)"', html):
            assert client.get(src).status_code == 200, src
    # The sections the help links point to carry their ids in the portal too.
    response = client.get(reverse("guide:page", args=["can-bo-nhap-lieu"]))
    assert 'id="nop-bao-cao"' in response.content.decode()


@pytest.mark.django_db
def test_an_english_reader_gets_the_english_guide(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("guide:page", args=["can-bo-tham-dinh"])).content.decode()
    assert 'lang="en"' in html and '<h1 id="can-bo-tham-dinh">Reviewer</h1>' in html
    assert 'id="danh-sach-tham-dinh"' in html  # the help links' sections, as in Vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = client.get(reverse("guide:page", args=["can-bo-tham-dinh"])).content.decode()
    assert 'lang="vi"' in html and "Cán bộ thẩm định</h1>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/huong-dan/khong-co/", "/huong-dan/img/..%2Fsettings.py", "/huong-dan/img/x.png"])
def test_unknown_guide_pages_and_files_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_page_links_to_its_section_of_the_guide(client, django_user_model):
    response = client.get(reverse("login"))
    assert 'class="help-link" href="/huong-dan/#dang-nhap"' in response.content.decode()
