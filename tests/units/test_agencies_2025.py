"""The provincial agencies through 2025 as data (units/agencies_2025.py) and the rule that
sets a new commune's remote flag: pure, no database."""

import csv
from pathlib import Path

from django.conf import settings

from units.agencies_2025 import JULY_2025, MARCH_2025, outside_name
from units.gso import remote_by_majority

DATA = Path(settings.BASE_DIR) / "units" / "data"
# Nghị định 45/2025/NĐ-CP: the 12 agencies every province has, and the merged Quảng
# Ngãi's two special ones.
DECREE_45 = {
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
}


def departments_2016() -> set[str]:
    with (DATA / "kontum_2016_units.csv").open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle) if row["level"] == "department"}


def test_every_2016_department_merges_once_or_continues_in_march():
    merged = [old for agency in MARCH_2025 for old in agency.formers]
    assert len(merged) == len(set(merged)) == 11
    assert set(merged) < departments_2016()
    # The ones that did not change: Văn phòng, Tư pháp, Công Thương, VH-TT&DL, GD&ĐT, Y tế,
    # Ngoại vụ, Thanh tra, the Ban Quản lý.
    assert departments_2016() - set(merged) == {"S01", "S03", "S06", "S13", "S15", "S16", "S17", "S18", "S20"}


def test_every_kon_tum_body_of_june_2025_goes_into_one_agency_of_the_merged_province():
    june = (departments_2016() - {old for agency in MARCH_2025 for old in agency.formers}) | {
        agency.code for agency in MARCH_2025
    }
    formers = [old for agency in JULY_2025 for old in agency.formers]
    assert sorted(formers) == sorted(june) and len(june) == 15
    # The code says which Kon Tum unit it continues: QS + its code.
    assert all(agency.code == "Q" + agency.formers[0] for agency in JULY_2025)


def test_the_merged_province_has_the_decrees_agencies_and_its_ban_quan_ly_and_no_kon_tum_only_name():
    names = {agency.name for agency in JULY_2025}
    assert names > DECREE_45 and len(names) == 15
    (ban,) = names - DECREE_45
    assert ban == "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"
    # Each also took over the former Quảng Ngãi's agency, named as outside the portal.
    assert all(agency.outside for agency in JULY_2025)
    assert outside_name(JULY_2025[0]) == "Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi (trước 01/07/2025)"
    assert outside_name(JULY_2025[-1]) == f"{ban} (trước 01/07/2025)"


def test_a_new_commune_is_remote_when_at_least_half_of_its_former_communes_were():
    assert remote_by_majority([True, False]) is True
    assert remote_by_majority([True, False, False]) is False
    assert remote_by_majority([True, True, False]) is True
    assert remote_by_majority([False]) is False
    assert remote_by_majority([]) is False
