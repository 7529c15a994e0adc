"""nginx and Django agree (issue 24, point 4): the same body limits, nginx's own answers
with the security headers, no version and the portal's error pages; a long address
signed out gets a sign-in redirect of bounded size. The config is read as text here;
deploy/test_nginx_answers.py checks the same through a running nginx."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kontum_it.decorators import MAX_NEXT

DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"
SITE = (DEPLOY / "kontum-it.conf").read_text()
HEADERS = (DEPLOY / "security_headers.conf").read_text()


def nginx_size(text: str) -> int:
    number, unit = re.fullmatch(r"([0-9]+)([kKmM]?)", text).groups()
    return int(number) * {"": 1, "k": 2**10, "m": 2**20}[unit.lower()]


def test_nginx_takes_the_body_sizes_django_reads():
    assert nginx_size(re.search(r"client_max_body_size (\S+);", SITE)[1]) == settings.REQUEST_MAX_BYTES
    pattern = re.search(r'"~\^0:(.*)\$" 1;', SITE)[1]
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # A form at Django's limit passes nginx; from one byte more nginx answers 413 itself.
    refused = [n for n in range(0, 12 * 10**6, 997) if re.fullmatch(pattern, str(n))]
    assert (
        refused and min(refused) > limit and all(re.fullmatch(pattern, str(n)) for n in range(min(refused), 10**7, 997))
    )
    assert not re.fullmatch(pattern, str(limit)) and re.fullmatch(pattern, str(limit + 1))
    assert all(re.fullmatch(pattern, str(n)) for n in (limit + 10, limit + 999_999, 10**8, 10**12))


def test_nginx_answers_carry_headers_no_version_and_the_portal_pages():
    assert "server_tokens off;" in SITE
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"):
        assert re.search(rf"add_header {header} \$\S+ always;", HEADERS), header
    # Every location that adds a header of its own includes them again (nginx's rule).
    for block in re.findall(r"location[^{]*\{(.*?)\n    \}", SITE, re.S):
        if "add_header" in block:
            assert "include @SECURITY_HEADERS@;" in block, block
    for code in (413, 414, 429, 502, 503, 504):
        assert f"error_page {code} /kontum-errors/{code}.$kontum_language.html;" in SITE


def test_error_pages_are_written_in_the_portal_layout_for_both_languages(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("error_pages")
    for code in (413, 414, 429, 502, 503, 504):
        vi = (tmp_path / "errors" / f"{code}.vi.html").read_text()
        en = (tmp_path / "errors" / f"{code}.en.html").read_text()
        assert f"Lỗi {code}" in vi and 'lang="vi"' in vi and 'class="error-page"' in vi
        assert 'lang="en"' in en and f"{code}" in en
        assert "<style" not in vi and "<script>" not in vi  # the CSP allows neither
    assert "10 MB" in (tmp_path / "errors" / "413.vi.html").read_text()
    assert "2,5 MB" in (tmp_path / "errors" / "413.vi.html").read_text()


@pytest.mark.django_db
def test_a_long_address_signed_out_gets_a_short_sign_in_redirect():
    target = reverse("indicators:my_reports")
    response = Client().get(target, {"q": "x" * 6000})
    assert response.status_code == 302
    assert len(response["Location"]) < MAX_NEXT + 100
    assert response["Location"].endswith("?next=" + target)
    short = Client().get(target, {"q": "abc"})
    assert "q%3Dabc" in short["Location"]
