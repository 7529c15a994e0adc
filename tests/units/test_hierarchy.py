import pytest

from units.models import Unit
from units.services import UnitImportError, units_import_csv

pytestmark = pytest.mark.django_db


def write(tmp_path, text):
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name,short_name,level,parent_code,commune_type,is_remote,sort_order\n" + text, encoding="utf-8"
    )
    return path


def test_import_creates_then_updates(tmp_path):
    path = write(tmp_path, "KT,Tỉnh Kon Tum,,province,,,0,1\nH01,UBND TP,,district,KT,,0,2\n")
    assert units_import_csv(path=path) == (2, 0)
    assert units_import_csv(path=path) == (0, 2)
    assert Unit.objects.get(code="H01").parent.code == "KT"


def test_bad_row_changes_nothing(tmp_path):
    path = write(tmp_path, "KT,Tỉnh Kon Tum,,province,,,0,1\nX,Xã,,commune,NOPE,xa,1,2\n")
    with pytest.raises(UnitImportError, match="Dòng 3"):
        units_import_csv(path=path)
    assert not Unit.objects.exists()


def test_active_during_keeps_units_of_past_quarters():
    import datetime

    Unit.objects.create(code="OLD", name="Cũ", level="commune", active_to=datetime.date(2015, 6, 30))
    Unit.objects.create(code="NEW", name="Mới", level="commune", active_from=datetime.date(2015, 7, 1))
    q1 = Unit.objects.active_during(datetime.date(2015, 1, 1), datetime.date(2015, 3, 31))
    q4 = Unit.objects.active_during(datetime.date(2015, 10, 1), datetime.date(2015, 12, 31))
    assert [u.code for u in q1] == ["OLD"]
    assert [u.code for u in q4] == ["NEW"]
