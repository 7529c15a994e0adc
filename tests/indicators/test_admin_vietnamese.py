"""The Django admin speaks the portal's language: title, sections, columns, filters."""

import pytest
from django.urls import reverse

from tests.indicators.conftest import login

pytestmark = pytest.mark.django_db


def test_admin_index_is_titled_and_sectioned_in_vietnamese(world, client):
    login(client, world.admin)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị Cổng báo cáo ứng dụng CNTT tỉnh Kon Tum" in page
    assert "cho Django" not in page
    for section in ("Chỉ tiêu, kỳ và báo cáo", "Đơn vị và phân quyền", "Thư nhắc"):
        assert section in page


def test_admin_in_english_when_chosen(world, client):
    login(client, world.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("admin:index")).content.decode()
    assert "Kon Tum IT report portal administration" in page and "Units and access" in page


def test_period_list_columns_filters_and_search_in_vietnamese(world, client):
    login(client, world.admin)
    page = client.get(reverse("admin:indicators_period_changelist")).content.decode()
    assert "Quý III/2017" in page and ">Kỳ báo cáo<" in page and ">Label<" not in page
    assert "Tìm theo mã kỳ" in page and "Theo đã khóa" in page and "Show counts" not in page


def test_report_list_searches_by_unit_name(world, client):
    login(client, world.admin)
    page = client.get(reverse("admin:indicators_report_changelist"), {"q": "Huyện Một"}).content.decode()
    assert "Tìm theo tên hoặc mã đơn vị" in page and "Huyện Một" in page
