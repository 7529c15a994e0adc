"""An indicator's targets by level, named for the levels of the quarter shown."""

from reports.figures import targets_text
from reports.specs import IndicatorSpec


def spec(**targets) -> IndicatorSpec:
    return IndicatorSpec(
        code="work_files_online_rate",
        name="Hồ sơ xử lý trên mạng",
        numerator="work_files_online",
        denominator="work_files_total",
        factor=100,
        decimals=1,
        suffix="%",
        targets=tuple(targets.items()),
    )


def test_targets_of_the_levels_the_quarter_has():
    rate = spec(department=90, district=80, commune=72.5)
    assert targets_text(rate, groups=["province", "commune"]) == "Chỉ tiêu phấn đấu: cấp tỉnh 90,0%, cấp xã 72,5%"
    with_districts = targets_text(rate, groups=["reporting", "province", "district", "commune"])
    assert with_districts == "Chỉ tiêu phấn đấu: cấp tỉnh 90,0%, cấp huyện 80,0%, cấp xã 72,5%"


def test_no_targets_no_text():
    assert targets_text(spec(), groups=["province", "commune"]) == ""
    assert targets_text(spec(district=80), groups=["province", "commune"]) == ""
