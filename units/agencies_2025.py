"""The provincial agencies through 2025, as data: Kon Tum's departments merged on
01/03/2025, then the merged Quảng Ngãi's specialised agencies of 01/07/2025.

Pure data (no database, no package): ``generate_reorganisation_data`` writes it into
``units/data/reorganisation_2025_03.csv`` and ``…_2025_07.csv`` under the headers in
``units/data/headers/`` (sources, what is simplified), and the committed files are what
the portal reads. Codes: Kon Tum's merged departments
continue the 2016 numbering (S21–S26); each agency of the merged province is ``QS`` + the
code of the Kon Tum unit it continues as that unit stood on 30/06/2025 (S05 line: S22 →
QS22), the rule the July file already used (S05 → QS05), now applied to the units of
after the March mergers.
"""

from dataclasses import dataclass

MARCH_DATE = "2025-03-01"


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    short_name: str
    formers: tuple[str, ...]  # the portal's units it was formed from (shares of 1)
    outside: str = ""  # the other province's agency it was formed from, outside the portal


# Kon Tum, 01/03/2025 (Nghị định 45/2025/NĐ-CP in force): the departments that merged or
# were re-formed. The others (S01, S03, S06, S13, S15, S16, S17, S18, S20) continued.
MARCH_2025 = [
    Agency("S21", "Sở Khoa học và Công nghệ", "Sở KH&CN", ("S14", "S11")),
    Agency("S22", "Sở Tài chính", "Sở Tài chính", ("S05", "S04")),
    Agency("S23", "Sở Xây dựng", "Sở Xây dựng", ("S09", "S08")),
    Agency("S24", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", ("S07", "S10")),
    Agency("S25", "Sở Nội vụ", "Sở Nội vụ", ("S02", "S12")),
    Agency("S26", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", ("S19",)),
]

OUTSIDE = "{name} tỉnh Quảng Ngãi (trước 01/07/2025)"

# The merged Quảng Ngãi, 01/07/2025: the 12 agencies every province has and its two
# special ones (Sở Ngoại vụ, Sở Dân tộc và Tôn giáo; Nghị định 45/2025/NĐ-CP, Điều 8–9),
# in the decree's order with the Văn phòng first, then the Ban Quản lý Khu kinh tế
# (Quyết định 1499/QĐ-TTg). Each from Kon Tum's unit of 30/06/2025 and the former Quảng
# Ngãi's agency of the same name.
JULY_2025 = [
    Agency("QS01", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", ("S01",), "Văn phòng Ủy ban nhân dân"),
    Agency("QS25", "Sở Nội vụ", "Sở Nội vụ", ("S25",), "Sở Nội vụ"),
    Agency("QS03", "Sở Tư pháp", "Sở Tư pháp", ("S03",), "Sở Tư pháp"),
    Agency("QS22", "Sở Tài chính", "Sở Tài chính", ("S22",), "Sở Tài chính"),
    Agency("QS06", "Sở Công Thương", "Sở Công Thương", ("S06",), "Sở Công Thương"),
    Agency("QS24", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", ("S24",), "Sở Nông nghiệp và Môi trường"),
    Agency("QS23", "Sở Xây dựng", "Sở Xây dựng", ("S23",), "Sở Xây dựng"),
    Agency("QS21", "Sở Khoa học và Công nghệ", "Sở KH&CN", ("S21",), "Sở Khoa học và Công nghệ"),
    Agency("QS13", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL", ("S13",), "Sở Văn hóa, Thể thao và Du lịch"),
    Agency("QS15", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", ("S15",), "Sở Giáo dục và Đào tạo"),
    Agency("QS16", "Sở Y tế", "Sở Y tế", ("S16",), "Sở Y tế"),
    Agency("QS18", "Thanh tra tỉnh", "Thanh tra tỉnh", ("S18",), "Thanh tra"),
    Agency("QS17", "Sở Ngoại vụ", "Sở Ngoại vụ", ("S17",), "Sở Ngoại vụ"),
    Agency("QS26", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", ("S26",), "Sở Dân tộc và Tôn giáo"),
    Agency(
        "QS20",
        "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
        "BQL KKT Dung Quất và các KCN",
        ("S20",),
        "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
    ),
]


def outside_name(agency: Agency) -> str:
    """The former Quảng Ngãi's agency as an outside former is named ("Sở Y tế tỉnh
    Quảng Ngãi (trước 01/07/2025)"); the Ban's own name already says Quảng Ngãi."""
    if "Quảng Ngãi" in agency.outside:
        return f"{agency.outside} (trước 01/07/2025)"
    return OUTSIDE.format(name=agency.outside)
