"""The catalogue's specs are kept per process and dropped by any catalogue write, on
this node and on every other one (through the shared cache)."""

import pytest
from django.core.cache import cache

from indicators import form_specs
from indicators.models import DataElement, ValidationRule

pytestmark = pytest.mark.django_db


def test_specs_are_read_once_while_the_catalogue_is_unchanged(catalogue, django_assert_num_queries):
    form_specs.form_elements("2017Q3")
    with django_assert_num_queries(0):
        elements = form_specs.form_elements("2017Q3")
    assert any(e.code == "servers" for e in elements)


def test_an_edit_in_the_admin_shows_at_once(catalogue):
    before = {e.code: e.label for e in form_specs.form_elements("2017Q3")}
    element = DataElement.objects.get(code="servers")
    element.label_vi = "Số máy chủ (đã sửa)"
    element.save()
    after = {e.code: e.label for e in form_specs.form_elements("2017Q3")}
    assert before["servers"] != after["servers"] == "Số máy chủ (đã sửa)"


def test_a_deleted_rule_is_no_longer_checked(catalogue):
    codes = {r.code for r in form_specs.rule_specs("2017Q3")}
    rule = ValidationRule.objects.first()
    assert rule.code in codes
    rule.delete()
    assert rule.code not in {r.code for r in form_specs.rule_specs("2017Q3")}


def test_a_write_on_another_node_reaches_this_one(catalogue, django_assert_num_queries):
    form_specs.hint_specs("2017Q3")
    cache.set(form_specs.CATALOGUE_VERSION_KEY, "written-by-another-node", timeout=None)  # what its signal does
    with django_assert_num_queries(1):
        form_specs.hint_specs("2017Q3")


def test_labels_are_kept_per_language(catalogue):
    from django.utils import translation

    with translation.override("vi"):
        vi = {e.code: e.label for e in form_specs.form_elements("2017Q3")}
    with translation.override("en"):
        en = {e.code: e.label for e in form_specs.form_elements("2017Q3")}
    assert vi["staff_total"] != en["staff_total"]
