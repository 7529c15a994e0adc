"""After signing in each role lands on its own work; the menu is grouped and shows
each link exactly to those the view lets in."""

import pytest
from django.urls import reverse

from tests.indicators.conftest import login

pytestmark = pytest.mark.django_db


def sign_in(client, user, **extra):
    return client.post(reverse("login") + extra.pop("query", ""), {"username": user.username, "password": "pw"})


@pytest.fixture
def passwords(world):
    for user in (world.officer, world.reviewer, world.committee, world.admin, world.district_officer):
        user.set_password("pw")
        user.save()
    return world


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("officer", "indicators:my_reports"),
        ("district_officer", "indicators:my_reports"),
        ("reviewer", "indicators:review_queue"),
        ("committee", "home"),
        ("admin", "home"),
    ],
)
def test_each_role_lands_on_its_own_work(passwords, client, who, landing):
    response = sign_in(client, getattr(passwords, who))
    assert response.status_code == 302 and response["Location"] == reverse(landing)


def test_next_to_the_front_page_still_lands_on_the_role_page(passwords, client):
    response = sign_in(client, passwords.officer, query="?next=/")
    assert response["Location"] == reverse("indicators:my_reports")


def test_a_safe_next_is_respected_and_an_outside_one_is_not(passwords, client):
    assert sign_in(client, passwords.officer, query="?next=/reports/ranking/")["Location"] == "/reports/ranking/"
    client.logout()
    response = sign_in(client, passwords.officer, query="?next=https://evil.example/")
    assert response["Location"] == reverse("indicators:my_reports")


def test_start_page_redirects_by_role_and_asks_strangers_to_sign_in(world, client):
    assert reverse("login") in client.get(reverse("role_home"))["Location"]
    login(client, world.reviewer)
    assert client.get(reverse("role_home"))["Location"] == reverse("indicators:review_queue")


def test_menu_groups_reports_and_puts_account_items_under_the_name(world, client):
    login(client, world.admin)
    page = client.get(reverse("indicators:my_reports")).content.decode()
    nav = page[page.index('class="main-nav"') : page.index('class="account"')]
    for group in ("Báo cáo", "Nhập liệu", "Quản trị"):
        assert f"<summary>{group}</summary>" in nav
    assert "Đổi mật khẩu" not in nav and "Đăng xuất" not in nav
    account = page[page.index('class="account"') : page.index("</header>")]
    assert "Đổi mật khẩu" in account and "Đăng xuất" in account and "English" in account


def test_officer_menu_shows_my_reports_as_one_link_and_no_admin_group(world, client):
    login(client, world.officer)
    page = client.get(reverse("indicators:my_reports")).content.decode()
    nav = page[page.index('class="main-nav"') : page.index('class="account"')]
    assert 'class="nav-top" href="/submissions/" aria-current="page"' in nav
    assert "Quản trị" not in nav and "Thẩm định" not in nav


def test_role_label_is_translated_and_does_not_repeat_the_unit(world, client):
    login(client, world.reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("indicators:review_queue")).content.decode()
    who = page[page.index('<p class="who">') : page.index("</p>", page.index('<p class="who">'))]
    assert "Reviewer · Sở Một" in who
