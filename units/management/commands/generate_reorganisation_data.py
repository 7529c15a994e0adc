"""Writes the official codes and the 2025 reorganisations as versioned data files.

Run by a developer when a source changes, never at run time: the files it writes are
committed, and the portal reads only them. Needs ``vietnamadminunits`` (MIT; codes,
names, types and the old → new converter) and ``vietnam-provinces`` (MIT; the
statistics office's list after 01/07/2025, to cross-check), which are deliberately not
in requirements.txt: ``pip install vietnamadminunits==1.0.4 vietnam-provinces==2025.10.1``.

Writes ``kontum_official_codes.csv``, the hierarchy's ``official_code`` column,
``reorganisation_2025_03.csv`` (Kon Tum's departments merged on 01/03/2025, from
``units.agencies_2025``) and ``reorganisation_2025_07.csv`` (Kon Tum into Quảng Ngãi:
both provinces' communes, the merged province's agencies), each headed by its sources
and what is simplified.
"""

import csv
import datetime
import importlib.metadata
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from units.agencies_2025 import JULY_2025, MARCH_2025, outside_name
from units.gso import (
    QUANG_NGAI_MOUNTAIN_DISTRICTS,
    GsoCommune,
    MatchError,
    PortalUnit,
    match_official_codes,
    name_key,
    remote_by_majority,
)
from units.reorganisation import FILE_COLUMNS

DATA = Path(settings.BASE_DIR) / "units" / "data"
HIERARCHY = "kontum_2016_units.csv"
CODES = "kontum_official_codes.csv"
MARCH = "reorganisation_2025_03.csv"
REORGANISATION = "reorganisation_2025_07.csv"
# The files' headers (sources, what is simplified), filled with the date and packages.
HEADERS = Path(settings.BASE_DIR) / "units" / "data" / "headers"
PACKAGE = "vietnamadminunits"
CHECK_PACKAGE = "vietnam-provinces"
PROVINCE_CODE = "62"  # Kon Tum in the GSO list
OTHER_PROVINCE_CODE = "51"  # the former Quảng Ngãi
PROVINCE_KEY = "tinhkontum"
NEW_PROVINCE_KEY = "tinhquangngai"
COMMUNE_TYPES = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}
NAME_PREFIX = {"xa": "UBND xã", "phuong": "UBND phường", "dac_khu": "UBND đặc khu"}
OLD_ROOT = "KT"
# Kon Tum merged into Quảng Ngãi: the file closes the Kon Tum row and opens the Quảng
# Ngãi one (its name and GSO code from the package), linked 1:1, so the quarters before
# keep their province and the ones after name the new one. Everything in force after
# the change hangs under it.
ROOT = "QN"


def file_row(action, code, **fields) -> list:
    return [action, code] + [fields.get(column, "") for column in FILE_COLUMNS[2:]]


class Command(BaseCommand):
    help = (
        "Sinh tệp mã đơn vị hành chính và các tệp sắp xếp 2025 từ gói vietnamadminunits, đối chiếu với "
        "vietnam-provinces (chỉ dùng khi phát triển)."
    )

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
        try:
            check_version = importlib.metadata.version(CHECK_PACKAGE)
        except importlib.metadata.PackageNotFoundError as exc:
            raise CommandError(f"Cần gói {CHECK_PACKAGE} để đối chiếu: pip install {CHECK_PACKAGE}==2025.10.1") from exc
        today = date or datetime.date.today().isoformat()
        source = f"{PACKAGE} {version} (MIT, https://pypi.org/project/{PACKAGE}/), generated {today}"
        check = f"{CHECK_PACKAGE} {check_version} (MIT, https://pypi.org/project/{CHECK_PACKAGE}/)"

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
        sort_order = self._write_march(rows, today)

        old_key_to_code = {f"{PROVINCE_KEY}_{r['districtKey']}_{r['wardKey']}": r["wardCode"] for r in legacy}
        official_to_portal = {official: code for code, (official, _name) in codes.items()}
        self._write_reorganisation(
            rows, old_key_to_code, official_to_portal, (source, check), query, sort_order=sort_order
        )
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {CODES}, {HIERARCHY}, {MARCH}, {REORGANISATION} vào {self.out}."))

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

    def _write_march(self, rows, today) -> int:
        """Kon Tum's departments of 01/03/2025; returns the last sort order used."""
        sort_order = max(int(r["sort_order"]) for r in rows)
        out = []
        for agency in MARCH_2025:
            sort_order += 1
            out.append(
                file_row(
                    "open",
                    agency.code,
                    name=agency.name,
                    short_name=agency.short_name,
                    level="department",
                    parent_code=OLD_ROOT,
                    sort_order=sort_order,
                    is_remote=0,
                )
            )
            out += [file_row("close", old) for old in agency.formers]
            out += [file_row("link", old, successor_code=agency.code, share="1") for old in agency.formers]
        header = (HEADERS / MARCH.replace(".csv", ".txt")).read_text(encoding="utf-8")
        self._write(MARCH, header.format(date=today), out)
        return sort_order

    def _write(self, name, header, out):
        with (self.out / name).open("w", encoding="utf-8", newline="") as handle:
            handle.write(header)
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(FILE_COLUMNS)
            writer.writerows(out)

    def _new_communes(self, query) -> dict[str, dict]:
        """The merged Quảng Ngãi's communes, wards and đặc khu by key, cross-checked
        against the second package's list (codes, names, types)."""
        from vietnam_provinces import Ward

        new_units = {
            r["wardKey"]: r
            for r in query(
                "SELECT DISTINCT ward, wardShort, wardType, wardCode, wardKey FROM admin_units "
                f"WHERE provinceKey = '{NEW_PROVINCE_KEY}'"
            )
        }
        other = {
            f"{int(w.code):05d}": w for w in Ward.iter_all() if f"{int(w.province_code):02d}" == OTHER_PROVINCE_CODE
        }
        problems = []
        if set(other) != {r["wardCode"] for r in new_units.values()}:
            problems.append(f"codes differ: {sorted(set(other) ^ {r['wardCode'] for r in new_units.values()})}")
        for r in new_units.values():
            w = other.get(r["wardCode"])
            if w is not None and (
                name_key(w.name) != name_key(r["ward"]) or w.division_type.value != r["wardType"].lower()
            ):
                problems.append(f"{r['wardCode']}: {r['wardType']} {r['ward']} / {w.division_type.value} {w.name}")
        if problems:
            raise CommandError("Hai gói không khớp: " + "; ".join(problems))
        return new_units

    def _write_reorganisation(self, rows, old_key_to_code, official_to_portal, sources, query, *, sort_order):
        from vietnamadminunits import converter

        source, check = sources
        data = json.loads((Path(converter.__file__).parent.parent / "data" / "converter_2025.json").read_text("utf-8"))
        divided = data["DICT_PROVINCE_WARD_DIVIDED"].get(NEW_PROVINCE_KEY, {})
        if any(k.startswith(PROVINCE_KEY) for k in divided):
            raise CommandError("Gói có xã cũ của Kon Tum bị chia: cần thêm tỷ lệ (share) cho từng phần.")
        formers = {
            new_key: list(old_keys)
            for new_key, old_keys in data["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW_PROVINCE_KEY].items()
        }
        # A former Quảng Ngãi commune split between new ones is named under each.
        for old_key, parts in divided.items():
            for part in parts:
                formers.setdefault(part["newWardKey"], []).append(old_key)
        new_units = self._new_communes(query)
        other_legacy = {
            f"{NEW_PROVINCE_KEY}_{r['districtKey']}_{r['wardKey'] or ''}": r
            for r in query(
                "SELECT DISTINCT district, districtCode, districtKey, ward, wardCode, wardKey "
                f"FROM admin_units_legacy WHERE provinceCode = '{OTHER_PROVINCE_CODE}'"
            )
        }
        by_code = {r["code"]: r for r in rows}
        (province,) = query(
            "SELECT DISTINCT province, provinceShort, provinceCode FROM admin_units "
            f"WHERE provinceKey = '{NEW_PROVINCE_KEY}'"
        )
        out = [
            file_row(
                "open",
                ROOT,
                name=province["province"],
                short_name=province["provinceShort"],
                level="province",
                official_code=province["provinceCode"],
                sort_order=by_code[OLD_ROOT]["sort_order"],
                is_remote=0,
            ),
            file_row("close", OLD_ROOT),
            file_row("link", OLD_ROOT, successor_code=ROOT, share="1"),
        ]
        for agency in JULY_2025:
            sort_order += 1
            out.append(
                file_row(
                    "open",
                    agency.code,
                    name=agency.name,
                    short_name=agency.short_name,
                    level="department",
                    parent_code=ROOT,
                    sort_order=sort_order,
                    is_remote=0,
                )
            )
            out += [file_row("close", old) for old in agency.formers]
            out += [file_row("link", old, successor_code=agency.code, share="1") for old in agency.formers]
            out.append(file_row("outside_former", agency.code, name=outside_name(agency)))
        out += [file_row("close", r["code"]) for r in rows if r["level"] == "district"]
        counts = {"kontum": 0, "other": 0}
        # New units in the order of their official codes, as the GSO lists them.
        for new_key in sorted(formers, key=lambda k: new_units[k]["wardCode"]):
            new = new_units[new_key]
            code, kind = f"X{new['wardCode']}", COMMUNE_TYPES[new["wardType"]]
            ours = [k for k in formers[new_key] if k.startswith(PROVINCE_KEY + "_")]
            theirs = [k for k in formers[new_key] if k.startswith(NEW_PROVINCE_KEY + "_")]
            if ours and theirs:
                raise CommandError(f"{new_key}: formed from both provinces' communes")
            old_codes = [official_to_portal[old_key_to_code[k]] for k in ours]
            if any(by_code[old]["level"] != "commune" for old in old_codes):
                raise CommandError(f"{new_key}: not a commune of the portal")
            if ours:
                remote = remote_by_majority([by_code[old]["is_remote"] == "1" for old in old_codes])
            else:
                remote = remote_by_majority(
                    [other_legacy[k]["districtCode"] in QUANG_NGAI_MOUNTAIN_DISTRICTS for k in theirs]
                )
            counts["kontum" if ours else "other"] += 1
            sort_order += 1
            out.append(
                file_row(
                    "open",
                    code,
                    name=f"{NAME_PREFIX[kind]} {new['wardShort']}",
                    short_name=new["wardShort"],
                    level="commune",
                    parent_code=ROOT,
                    commune_type=kind,
                    official_code=new["wardCode"],
                    sort_order=sort_order,
                    is_remote=int(remote),
                )
            )
            for old in old_codes:
                out.append(file_row("close", old))
                out.append(file_row("link", old, successor_code=code, share="1"))
            for k in theirs:
                former = other_legacy[k]
                # "Xã Bình Chánh, Huyện Bình Sơn": names repeat across districts.
                name = f"{former['ward']}, {former['district']}" if former["ward"] else former["district"]
                official = former["wardCode"] or former["districtCode"]
                out.append(file_row("outside_former", code, name=name, official_code=official))
        if counts != {"kontum": 40, "other": 56}:
            raise CommandError(f"Số xã mới không như Nghị quyết 1677/NQ-UBTVQH15 (40 + 56): {counts}")
        header = (HEADERS / REORGANISATION.replace(".csv", ".txt")).read_text(encoding="utf-8")
        self._write(REORGANISATION, header.format(source=source, check=check), out)
