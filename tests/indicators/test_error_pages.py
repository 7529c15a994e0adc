"""Error pages keep the user in the portal: the layout, Vietnamese (English when
chosen), what happened and where to go. With DEBUG off as in production, and with DEBUG
on as in the demo (no page listing the URL patterns, no traceback)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.indicators.conftest import login


@pytest.mark.django_db
def test_committee_member_opening_the_review_queue_gets_the_portal_403(world, client):
    login(client, world.committee)
    response = client.get(reverse("indicators:review_queue"))
    text = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền mở trang này" in text and 'class="site-header"' in text
    assert 'href="/start/"' in text and "Bảng số liệu toàn tỉnh" in text
    assert "Forbidden" not in text


@pytest.mark.django_db
def test_404_in_the_layout_with_links_for_the_signed_in_officer(world, client):
    login(client, world.officer)
    response = client.get("/khong-co-trang-nay/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in text and "Báo cáo của tôi" in text
    assert "Not Found" not in text


@pytest.mark.django_db
def test_404_in_english_when_chosen(world, client):
    login(client, world.officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get("/khong-co-trang-nay/").content.decode()
    assert "Page not found" in text and "My reports" in text


@pytest.mark.django_db
def test_404_for_a_stranger_offers_the_sign_in(client):
    text = client.get("/khong-co-trang-nay/").content.decode()
    assert reverse("login") in text and "Đăng nhập" in text


def test_500_page_renders_without_the_database():
    # No django_db mark: any query would fail this test.
    response = defaults.server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "Cổng gặp lỗi khi xử lý yêu cầu này" in text and 'class="site-header"' in text
    assert "/submissions/" in text and reverse("login") in text


@pytest.mark.django_db
def test_a_failing_view_answers_the_portal_500(world, client, monkeypatch):
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr("kontum_it.views.role_home_url", broken)
    client.raise_request_exception = False
    login(client, world.officer)
    response = client.get(reverse("role_home"))
    assert response.status_code == 500
    assert "Cổng gặp lỗi" in response.content.decode() and "boom" not in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_is_a_portal_page(world):
    client = Client(enforce_csrf_checks=True)
    login(client, world.officer)
    response = client.post(reverse("indicators:report", args=["D1", "2017Q3"]), {"action": "save"})
    text = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in text and 'href="/submissions/D1/2017Q3/"' in text
    assert "CSRF" not in text


@pytest.mark.django_db
def test_demo_with_debug_on_shows_the_portal_pages_not_the_debug_ones(world, settings):
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    login(client, world.officer)
    response = client.get("/khong-co-trang-nay/")
    text = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang này" in text
    assert "URLconf" not in text and "urls.py" not in text
    # A view's own 404 too (unknown unit).
    response = client.get(reverse("indicators:report", args=["XX", "2017Q3"]))
    assert response.status_code == 404 and "Không tìm thấy trang này" in response.content.decode()
    # A missing slash is still redirected, not answered 404.
    assert client.get("/submissions")["Location"] == "/submissions/"


@pytest.mark.django_db
def test_debug_error_pages_stay_available_to_developers_who_ask(world, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    client = Client()
    login(client, world.officer)
    assert "URLconf" in client.get("/khong-co-trang-nay/").content.decode()
