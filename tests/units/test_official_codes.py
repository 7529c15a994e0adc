"""Official (GSO) codes: generated once from ``vietnamadminunits`` into units/data/, loaded
with the 2016 hierarchy."""

import csv
from pathlib import Path

import pytest
from django.conf import settings

from units.gso import ALIASES, GsoCommune, MatchError, PortalUnit, match_official_codes, name_key
from units.models import Level, Unit
from units.services import UnitImportError, units_import_csv

DATA = Path(settings.BASE_DIR) / "units" / "data"


def test_name_key_ignores_diacritics_case_and_type_words():
    assert name_key("UBND huyện Đăk Glei") == name_key("Huyện Đắk Glei") == "dakglei"
    assert name_key("UBND thành phố Kon Tum") == name_key("Thành phố Kon Tum") == "kontum"
    assert name_key("UBND xã Ya Ly") == name_key("Xã Ya ly") == "yaly"
    assert name_key("UBND thị trấn Plei Kần") == "pleikan"
    assert name_key("Huyện Ia H'Drai") == "iahdrai"


def test_the_2016_file_gives_every_district_and_commune_a_unique_code():
    with (DATA / "kontum_2016_units.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    districts = [r for r in rows if r["level"] == Level.DISTRICT]
    communes = [r for r in rows if r["level"] == Level.COMMUNE]
    assert (len(districts), len(communes)) == (10, 102)
    assert all(len(r["official_code"]) == 3 and r["official_code"].isdigit() for r in districts)
    assert all(len(r["official_code"]) == 5 and r["official_code"].isdigit() for r in communes)
    codes = [r["official_code"] for r in districts + communes]
    assert len(set(codes)) == 112
    assert all(r["official_code"] == "" for r in rows if r["level"] == Level.DEPARTMENT)
    assert next(r for r in rows if r["level"] == Level.PROVINCE)["official_code"] == "62"


def test_codes_land_where_the_gso_list_puts_them():
    with (DATA / "kontum_2016_units.csv").open(encoding="utf-8") as handle:
        by_code = {r["code"]: r["official_code"] for r in csv.DictReader(handle)}
    # Spot checks against the GSO list: TP Kon Tum 608, Ia H'Drai 618, Phường Quyết
    # Thắng 23287, the aliased Bờ Y (Pờ Y) 23395 and Đăk Long of Kon Plông (Măng Đen) 23473.
    assert by_code["H01"] == "608" and by_code["H10"] == "618"
    assert by_code["H0101"] == "23287" and by_code["H0602"] == "23395" and by_code["H0801"] == "23473"
    # Three communes called Đăk Long, in three districts, three codes.
    assert {by_code["H0205"], by_code["H0304"], by_code["H0801"]} == {"23368", "23504", "23473"}


def test_the_data_files_say_where_they_come_from():
    for name in ("kontum_official_codes.csv", "reorganisation_2025_07.csv"):
        first = (DATA / name).read_text(encoding="utf-8").splitlines()[:3]
        assert any("vietnamadminunits 1.0.4" in line for line in first), name
    july = (DATA / "reorganisation_2025_07.csv").read_text(encoding="utf-8")
    assert "cross-checked against vietnam-provinces 2025.10.1" in july
    march = (DATA / "reorganisation_2025_03.csv").read_text(encoding="utf-8")
    for text in (march, july):
        header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        # Each file says what its facts rest on, what was not checked and what is simplified.
        assert "Sources:" in header or "Source:" in header
        assert "not checked" in header.lower() or "simplification" in header
    assert "Nghị định 45/2025/NĐ-CP" in march and "Simplified:" in march and "Not checked:" in march


def test_matching_refuses_an_unknown_or_ambiguous_name():
    portal = [
        PortalUnit("KT", "Tỉnh Kon Tum", "province", ""),
        PortalUnit("H01", "UBND huyện A", "district", "KT"),
        PortalUnit("H0101", "UBND xã B", "commune", "H01"),
        PortalUnit("H0102", "UBND xã Không Có", "commune", "H01"),
    ]
    gso = [GsoCommune("Huyện A", "600", "Xã B", "20001")]
    with pytest.raises(MatchError, match="H0102"):
        match_official_codes(portal, gso, province_code="62")
    assert match_official_codes(portal[:3], gso, province_code="62") == {
        "KT": ("62", "Tỉnh Kon Tum"),
        "H01": ("600", "Huyện A"),
        "H0101": ("20001", "Xã B"),
    }


def test_every_alias_is_used_by_a_2016_commune():
    with (DATA / "kontum_2016_units.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {r["code"]: r["name"] for r in rows}
    keys = {(name_key(names[r["parent_code"]]), name_key(r["name"])) for r in rows if r["level"] == Level.COMMUNE}
    assert set(ALIASES) <= keys


@pytest.mark.django_db
def test_import_loads_the_official_codes():
    units_import_csv(path=DATA / "kontum_2016_units.csv")
    assert Unit.objects.get(code="KT").official_code == "62"
    assert Unit.objects.get(code="H0102").official_code == "23293"
    assert Unit.objects.filter(level=Level.COMMUNE).exclude(official_code="").count() == 102
    assert Unit.objects.get(code="S11").official_code == ""


@pytest.mark.django_db
def test_import_refuses_an_official_code_that_is_not_digits(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text(
        "code,name,short_name,level,parent_code,commune_type,is_remote,sort_order,official_code\n"
        "KT,Tỉnh Kon Tum,,province,,,0,1,6X\n",
        encoding="utf-8",
    )
    with pytest.raises(UnitImportError, match="Dòng 2"):
        units_import_csv(path=path)


def test_the_committed_files_are_what_the_generator_writes(tmp_path):
    # Only where both packages are installed (a developer's venv): run time never needs them.
    pytest.importorskip("vietnamadminunits")
    pytest.importorskip("vietnam_provinces")
    from django.core.management import call_command

    (tmp_path / "kontum_2016_units.csv").write_bytes((DATA / "kontum_2016_units.csv").read_bytes())
    call_command("generate_reorganisation_data", "--date", "2026-12-07", "--out", str(tmp_path), stdout=None)
    written = (
        "kontum_2016_units.csv",
        "kontum_official_codes.csv",
        "reorganisation_2025_03.csv",
        "reorganisation_2025_07.csv",
    )
    for name in written:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
