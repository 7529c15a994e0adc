"""Writes the official codes and the July 2025 reorganisation as versioned data files.

Run by a developer when the source package changes, never at run time: the files it
writes are committed, and the portal reads only them. Needs ``vietnamadminunits``
(MIT), which is deliberately not in requirements.txt:
``pip install vietnamadminunits==1.0.4``.
"""

import csv
import datetime
import importlib.metadata
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from units.gso import GsoCommune, MatchError, PortalUnit, match_official_codes
from units.reorganisation import FILE_COLUMNS

DATA = Path(settings.BASE_DIR) / "units" / "data"
HIERARCHY = "kontum_2016_units.csv"
CODES = "kontum_official_codes.csv"
REORGANISATION = "reorganisation_2025_07.csv"
PACKAGE = "vietnamadminunits"
PROVINCE_CODE = "62"  # Kon Tum in the GSO list
PROVINCE_KEY = "tinhkontum"
NEW_PROVINCE_KEY = "tinhquangngai"
COMMUNE_TYPES = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran"}
OLD_ROOT = "KT"
# Kon Tum merged into Quảng Ngãi: the file closes the Kon Tum row and opens the Quảng
# Ngãi one (its name and GSO code from the package), linked 1:1, so the quarters before
# keep their province and the ones after name the new one. The new communes and wards
# and the departments that keep reporting hang under it. The portal covers only Kon
# Tum's former area of the new province.
ROOT = "QN"
# The departments' merger that the file carries with the communes' (issue 13): Sở TT&TT
# and Sở KH&CN close, the merged Sở KH&CN opens under a new portal code.
MERGED_DEPARTMENTS = {"S21": ("Sở Khoa học và Công nghệ", "Sở KH&CN", ["S11", "S14"])}
# The other departments keep reporting, now as the new province's: each old row is
# closed and a new one opened under the new root with the same name, linked 1:1 (a
# unit's parent is not dated, so moving the old row would rewrite the quarters before).
# Their portal code is the old one with this prefix (S05 → QS05).
CONTINUED_PREFIX = "Q"


class Command(BaseCommand):
    help = "Sinh tệp mã đơn vị hành chính và tệp sắp xếp 2025 từ gói vietnamadminunits (chỉ dùng khi phát triển)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày ghi trong tiêu đề tệp (mặc định: hôm nay)")
        parser.add_argument("--out", type=Path, default=DATA, help="thư mục dữ liệu (đọc và ghi)")

    def handle(self, *args, date=None, out=DATA, **options):
        self.out = out
        try:
            from vietnamadminunits.database import query
        except ImportError as exc:
            raise CommandError(f"Cần gói {PACKAGE}: pip install {PACKAGE}==1.0.4") from exc
        version = importlib.metadata.version(PACKAGE)
        today = date or datetime.date.today().isoformat()
        source = f"{PACKAGE} {version} (MIT, https://pypi.org/project/{PACKAGE}/), generated {today}"

        legacy = query(
            "SELECT DISTINCT district, districtCode, ward, wardCode, districtKey, wardKey "
            f"FROM admin_units_legacy WHERE provinceCode = '{PROVINCE_CODE}' ORDER BY wardCode"
        )
        with (self.out / HIERARCHY).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        portal = [PortalUnit(r["code"], r["name"], r["level"], r["parent_code"]) for r in rows]
        gso = [GsoCommune(r["district"], r["districtCode"], r["ward"], r["wardCode"]) for r in legacy]
        try:
            codes = match_official_codes(portal, gso, province_code=PROVINCE_CODE)
        except MatchError as exc:
            raise CommandError(str(exc)) from exc
        self._write_codes(rows, codes, source)

        old_key_to_code = {f"{PROVINCE_KEY}_{r['districtKey']}_{r['wardKey']}": r["wardCode"] for r in legacy}
        official_to_portal = {official: code for code, (official, _name) in codes.items()}
        self._write_reorganisation(rows, old_key_to_code, official_to_portal, source, query)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {CODES}, {HIERARCHY}, {REORGANISATION} vào {self.out}."))

    def _write_codes(self, rows, codes, source):
        with (self.out / CODES).open("w", encoding="utf-8", newline="") as handle:
            handle.write(f"# Official (GSO) codes of the 2016 units, matched by name. Source: {source}\n")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["code", "official_code", "official_name"])
            for row in rows:
                if row["code"] in codes:
                    writer.writerow([row["code"], *codes[row["code"]]])
        # The hierarchy file carries the code too, so import_units and load_demo load it.
        fields = [f for f in rows[0] if f != "official_code"] + ["official_code"]
        with (self.out / HIERARCHY).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow(row | {"official_code": codes.get(row["code"], ("", ""))[0]})

    def _write_reorganisation(self, rows, old_key_to_code, official_to_portal, source, query):
        from vietnamadminunits import converter

        data = json.loads((Path(converter.__file__).parent.parent / "data" / "converter_2025.json").read_text("utf-8"))
        if any(k.startswith(PROVINCE_KEY) for k in data["DICT_PROVINCE_WARD_DIVIDED"].get(NEW_PROVINCE_KEY, {})):
            raise CommandError("Gói có xã cũ bị chia: cần thêm tỷ lệ (share) cho từng phần.")
        merged = {
            new_key: [k for k in old_keys if k.startswith(PROVINCE_KEY + "_")]
            for new_key, old_keys in data["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW_PROVINCE_KEY].items()
        }
        merged = {k: v for k, v in merged.items() if v}
        new_units = {
            r["wardKey"]: r
            for r in query(
                "SELECT DISTINCT ward, wardShort, wardType, wardCode, wardKey FROM admin_units "
                f"WHERE provinceKey = '{NEW_PROVINCE_KEY}'"
            )
        }
        by_code = {r["code"]: r for r in rows}
        (province,) = query(
            "SELECT DISTINCT province, provinceShort, provinceCode FROM admin_units "
            f"WHERE provinceKey = '{NEW_PROVINCE_KEY}'"
        )
        out = [
            ["open", ROOT, province["province"], province["provinceShort"], "province", ""]
            + ["", province["provinceCode"], "", "", by_code[OLD_ROOT]["sort_order"]],
            ["close", OLD_ROOT, "", "", "", "", "", "", "", "", ""],
            ["link", OLD_ROOT, "", "", "", "", "", "", ROOT, "1", ""],
        ]
        sort_order = max(int(r["sort_order"]) for r in rows)
        merged_away = {p for _n, _s, predecessors in MERGED_DEPARTMENTS.values() for p in predecessors}
        for row in rows:
            if row["level"] == "department" and row["code"] not in merged_away:
                sort_order += 1
                code = CONTINUED_PREFIX + row["code"]
                out.append(["open", code, row["name"], row["short_name"], "department", ROOT])
                out[-1] += ["", "", "", "", sort_order]
                out.append(["close", row["code"], "", "", "", "", "", "", "", "", ""])
                out.append(["link", row["code"], "", "", "", "", "", "", code, "1", ""])
        for code, (name, short_name, predecessors) in MERGED_DEPARTMENTS.items():
            sort_order += 1
            out.append(["open", code, name, short_name, "department", ROOT, "", "", "", "", sort_order])
            out += [["close", p, "", "", "", "", "", "", "", "", ""] for p in predecessors]
            out += [["link", p, "", "", "", "", "", "", code, "1", ""] for p in predecessors]
        districts = [r["code"] for r in rows if r["level"] == "district"]
        out += [["close", d, "", "", "", "", "", "", "", "", ""] for d in districts]
        # New units in the order of their official codes, as the GSO lists them.
        for new_key in sorted(merged, key=lambda k: new_units[k]["wardCode"]):
            new = new_units[new_key]
            code = f"X{new['wardCode']}"
            kind = COMMUNE_TYPES[new["wardType"]]
            sort_order += 1
            prefix = "UBND phường" if kind == "phuong" else "UBND xã"
            out.append(
                ["open", code, f"{prefix} {new['wardShort']}", new["wardShort"], "commune", ROOT, kind]
                + [new["wardCode"], "", "", sort_order]
            )
            for old_key in merged[new_key]:
                old = official_to_portal[old_key_to_code[old_key]]
                if by_code[old]["level"] != "commune":
                    raise CommandError(f"{old_key}: not a commune of the portal")
                out.append(["close", old, "", "", "", "", "", "", "", "", ""])
                out.append(["link", old, "", "", "", "", "", "", code, "1", ""])
        with (self.out / REORGANISATION).open("w", encoding="utf-8", newline="") as handle:
            handle.write(
                "# Kon Tum's area in the July 2025 reorganisation: Tỉnh Kon Tum merged into Tỉnh Quảng Ngãi.\n"
                f"# Source: {source}; the communes from its converter_2025 data.\n"
                "# 102 communes → 40 communes and wards under Quảng Ngãi, the district level abolished, Sở TT&TT\n"
                "# merged into Sở KH&CN, the other departments continued as the new province's (S05 → QS05).\n"
                "# name: Sắp xếp đơn vị hành chính năm 2025 (hợp nhất tỉnh Kon Tum vào tỉnh Quảng Ngãi)\n"
                "# legal_basis: Nghị quyết số 202/2025/QH15 của Quốc hội; các nghị quyết của Ủy ban Thường vụ "
                "Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025\n"
                "# effective_date: 2025-07-01\n"
            )
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(FILE_COLUMNS)
            writer.writerows(out)
