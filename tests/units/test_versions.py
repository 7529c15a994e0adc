"""The data version and each quarter's own version (units.versions)."""

import pytest

from units.versions import data_version_bump, data_version_read

pytestmark = pytest.mark.django_db


def test_a_write_to_one_quarter_changes_that_quarters_version_only():
    data_version_bump()
    before = data_version_read()
    data_version_bump(periods=[7])
    after = data_version_read()
    assert after.token != before.token
    assert after.of_period(7) != before.of_period(7)
    assert after.of_period(8) == before.of_period(8)


def test_any_other_write_changes_every_quarters_version():
    data_version_bump(periods=[7])
    before = data_version_read()
    data_version_bump()
    after = data_version_read()
    assert after.token != before.token
    assert after.of_period(7) != before.of_period(7) and after.of_period(8) != before.of_period(8)


def test_without_a_version_row_no_quarter_has_a_version_to_keep_figures_under():
    from units.models import DataVersion

    DataVersion.objects.all().delete()
    assert data_version_read().of_period(7) is None
    data_version_bump(periods=[7])  # creates the row: every quarter is new
    assert data_version_read().of_period(7) is not None


def test_a_lineage_link_edited_alone_changes_every_quarters_version():
    """The pages keep the units' lineage under the version report writes leave alone: a
    link saved or deleted by itself (the admin) must change it."""
    import datetime

    from units.models import Reorganisation, Unit, UnitLineage

    old = Unit.objects.create(code="X1", name="Xã cũ", level="commune")
    new = Unit.objects.create(code="X2", name="Xã mới", level="commune")
    reorganisation = Reorganisation.objects.create(name="Sắp xếp thử", effective_date=datetime.date(2025, 7, 1))
    data_version_bump(periods=[7])
    before = data_version_read()
    link = UnitLineage.objects.create(reorganisation=reorganisation, predecessor=old, successor=new)
    assert data_version_read().of_period(7) != before.of_period(7)
    before = data_version_read()
    link.delete()
    assert data_version_read().of_period(7) != before.of_period(7)
