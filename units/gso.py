"""Matching the portal's units to the General Statistics Office's list by name.

Pure functions (no database, no third-party package): the command
``generate_reorganisation_data`` feeds them the rows of ``vietnamadminunits`` and writes
what they return to versioned files under ``units/data/``, so that nothing at run time
needs the package.

Names are compared on a key without diacritics, case, spaces or the type word
("UBND", "Xã", "Phường", "Thị trấn", "Huyện", "Thành phố"): "Huyện Đắk Glei" and
"UBND huyện Đăk Glei" are the same district. The few names that differ beyond that are
listed in ``ALIASES`` with the reason, so a new mismatch fails loudly instead of being
guessed.
"""

import re
import unicodedata
from dataclasses import dataclass

TYPE_WORDS = ("ubnd", "thanh pho", "thi xa", "thi tran", "huyen", "phuong", "xa", "tinh")

# (portal district key, portal commune key) → the GSO list's commune name, where the two
# spell it differently. Keys as ``name_key`` returns them.
ALIASES = {
    # The GSO list writes the border commune "Pờ Y"; the province writes "Bờ Y".
    ("ngochoi", "boy"): "Pờ Y",
    # "Ngọk"/"Ngọc": the GSO list writes this one with c, the portal with k as locally.
    ("konplong", "ngoktem"): "Ngọc Tem",
    # Xã Đăk Long (Kon Plông) became thị trấn Măng Đen in 2019 keeping its code 23473;
    # the package's list is the one in force before 2025, the portal's the 2016 one.
    ("konplong", "daklong"): "Măng Đen",
}


def name_key(name: str) -> str:
    """ "UBND huyện Đăk Glei" → "dakglei": no diacritics, no type word, no spaces."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    changed = True
    while changed:
        changed = False
        for word in TYPE_WORDS:
            if text.startswith(word + " "):
                text, changed = text[len(word) + 1 :], True
    return text.replace(" ", "")


@dataclass(frozen=True)
class PortalUnit:
    code: str
    name: str
    level: str
    parent_code: str


@dataclass(frozen=True)
class GsoCommune:
    """One commune of the GSO's pre-2025 list."""

    district: str
    district_code: str
    name: str
    code: str


class MatchError(ValueError):
    """Some unit could not be matched one to one; the message lists them all."""


def match_official_codes(
    portal: list[PortalUnit], gso: list[GsoCommune], *, province_code: str
) -> dict[str, tuple[str, str]]:
    """Portal code → (official code, official name) for the province, its districts and
    communes; departments get nothing. Raises MatchError unless every district and
    commune of the portal finds exactly one GSO unit and no GSO unit is used twice."""
    districts_by_key = {}
    communes_by_key = {}
    for row in gso:
        districts_by_key.setdefault(name_key(row.district), (row.district_code, row.district))
        communes_by_key.setdefault((name_key(row.district), name_key(row.name)), []).append(row)
    by_code = {u.code: u for u in portal}
    found, problems = {}, []
    for unit in portal:
        if unit.level == "province":
            found[unit.code] = (province_code, unit.name)
        elif unit.level == "district":
            hit = districts_by_key.get(name_key(unit.name))
            if hit is None:
                problems.append(f"{unit.code} {unit.name}: no district of that name")
            else:
                found[unit.code] = hit
        elif unit.level == "commune":
            district_key = name_key(by_code[unit.parent_code].name)
            commune_key = name_key(unit.name)
            alias = ALIASES.get((district_key, commune_key))
            hits = communes_by_key.get((district_key, name_key(alias) if alias else commune_key), [])
            if len(hits) != 1:
                problems.append(f"{unit.code} {unit.name}: {len(hits)} communes of that name in {district_key}")
            else:
                found[unit.code] = (hits[0].code, hits[0].name)
    codes = [code for code, _name in found.values()]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        problems.append(f"official codes given to two units: {', '.join(twice)}")
    if problems:
        raise MatchError("; ".join(problems))
    return found


# --- Attributes of the units a reorganisation opens -----------------------------------

# The former Quảng Ngãi's mountain districts (huyện miền núi), by GSO code: Trà Bồng (with
# Tây Trà, merged into it in 2020), Sơn Hà, Sơn Tây, Minh Long, Ba Tơ. A simplification of
# "xã vùng sâu, vùng xa" for the communes formed from theirs: the national lists of
# especially difficult communes are not applied commune by commune.
QUANG_NGAI_MOUNTAIN_DISTRICTS = {
    "525": "Trà Bồng",
    "529": "Sơn Hà",
    "530": "Sơn Tây",
    "531": "Minh Long",
    "535": "Ba Tơ",
}


def remote_by_majority(former_flags: list[bool]) -> bool:
    """A new commune is remote when at least half of its former communes were (each
    counted once, whatever its size): the rule of the 2025 file for the units it
    opens. No former commune: not remote."""
    return bool(former_flags) and 2 * sum(former_flags) >= len(former_flags)
