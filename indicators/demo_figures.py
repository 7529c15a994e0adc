"""Figures for the demo: eight quarters, 2015Q4–2017Q3, for every unit of 2016.

Quý III/2016 of the 30 reporting units (20 departments + 10 districts) is built to give
*exactly* the figures published by the provincial press (see ../shared/DOMAIN.md):
30/30 portals, computers per staff 91% (93% / 89%), 106 servers (67 + 39), 23/30
firewalls, 30/30 antivirus, LAN, Internet, e-document software and specialized network,
2.122 Internet-connected computers (97%), 19/30 official e-mail. How these totals are
spread over the units, every commune figure and every other quarter are made up: plausible,
seeded (the same on every run) and labelled as estimates in the portal.

Pure Python: ``generate`` takes unit tuples and returns values; ``load_demo`` writes them.
"""

import random
from dataclasses import dataclass

QUARTERS = ["2015Q4", "2016Q1", "2016Q2", "2016Q3", "2016Q4", "2017Q1", "2017Q2", "2017Q3"]
PUBLISHED = "2016Q3"
T0 = QUARTERS.index(PUBLISHED)

# Published totals of Quý III/2016, by level.
STAFF = {"department": 1300, "district": 1100}
COMPUTERS = {"department": 1209, "district": 979}  # 93.0% and 89.0%; 2.188/2.400 = 91.2%
INTERNET_COMPUTERS = 2122  # 97.0% of 2.188, "hơn 2.100"
SERVERS = {"department": 67, "district": 39}

# How many of the 30 reporting units have each yes/no item, quarter by quarter. The
# fourth entry (2016Q3) is the published one; the others are made up.
REPORTING_ADOPTION = {
    "has_portal": [27, 28, 29, 30, 30, 30, 30, 30],
    "has_lan": [29, 30, 30, 30, 30, 30, 30, 30],
    "has_internet": [30, 30, 30, 30, 30, 30, 30, 30],
    "has_specialized_network": [24, 26, 28, 30, 30, 30, 30, 30],
    "has_firewall": [17, 19, 21, 23, 24, 25, 26, 27],
    "has_antivirus": [27, 28, 29, 30, 30, 30, 30, 30],
    "has_edoc": [26, 28, 29, 30, 30, 30, 30, 30],
    "uses_official_email": [13, 15, 17, 19, 21, 23, 24, 26],
    "has_video_conference": [10, 11, 13, 14, 16, 17, 18, 19],
}
IT_DEPARTMENT = "S11"  # Sở Thông tin và Truyền thông
DEDICATED_IT_UNITS = [7, 8, 8, 9, 10, 10, 11, 12]

# Share of communes with each item in 2016Q3, (other, remote); other quarters drift.
COMMUNE_RATES = {
    "has_portal": (0.20, 0.03),
    "has_lan": (0.70, 0.30),
    "has_internet": (1.00, 0.72),
    "has_specialized_network": (0.12, 0.0),
    "has_firewall": (0.08, 0.02),
    "has_antivirus": (0.60, 0.25),
    "has_edoc": (0.55, 0.20),
    "uses_official_email": (0.40, 0.10),
    "has_video_conference": (0.0, 0.0),
}
COMMUNE_DEDICATED = (0.22, 0.04)
COMMUNE_NO_IT_STAFF = (0.03, 0.20)


@dataclass(frozen=True)
class DemoUnit:
    code: str
    level: str  # department, district or commune
    is_remote: bool = False


def _split(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _adoption(rng: random.Random, units: list[DemoUnit], counts: list[int], first: str = ""):
    """For each quarter, the set of unit codes that have the item: units adopt in a
    fixed random order (districts a little later, ``first`` before all), so adoption
    only grows."""
    order = sorted(
        units, key=lambda u: -1.0 if u.code == first else rng.random() + (0.35 if u.level == "district" else 0.0)
    )
    return [{u.code for u in order[:n]} for n in counts]


def _trend(t: int, per_quarter: float) -> float:
    return 1.0 + per_quarter * (t - T0)


def _reporting_q3(rng: random.Random, units: list[DemoUnit]) -> dict[str, dict[str, int]]:
    """Numeric figures of the 30 reporting units in 2016Q3 that add up to the
    published totals exactly."""
    result: dict[str, dict[str, int]] = {u.code: {} for u in units}
    for level in ("department", "district"):
        group = [u for u in units if u.level == level]
        staff = _split(STAFF[level], [rng.uniform(0.5, 1.6) for _ in group])
        ratios = [rng.uniform(0.8, 1.05) for _ in group]
        computers = _split(COMPUTERS[level], [s * r for s, r in zip(staff, ratios, strict=True)])
        servers = _split(SERVERS[level], [rng.uniform(0.4, 1.6) for _ in group])
        for unit, s, c, sv in zip(group, staff, computers, servers, strict=True):
            result[unit.code].update(staff_total=s, computers_total=c, servers=sv)
    codes = [u.code for u in units]
    total_computers = sum(result[c]["computers_total"] for c in codes)
    offline = _split(total_computers - INTERNET_COMPUTERS, [result[c]["computers_total"] * rng.random() for c in codes])
    for code, missing in zip(codes, offline, strict=True):
        result[code]["computers_internet"] = result[code]["computers_total"] - missing
    return result


def generate(units: list[DemoUnit], seed: int = 2016) -> dict[tuple[str, str], dict[str, int]]:
    """Values of every data element for every (unit code, quarter code).

    ``units`` are the departments, districts and communes of 2016. Quý III/2016 of the
    departments and districts reproduces the published totals exactly.
    """
    rng = random.Random(seed)
    reporting = [u for u in units if u.level in ("department", "district")]
    communes = [u for u in units if u.level == "commune"]
    values: dict[tuple[str, str], dict[str, int]] = {}

    q3 = _reporting_q3(rng, reporting)
    adoption = {element: _adoption(rng, reporting, counts) for element, counts in REPORTING_ADOPTION.items()}
    # The IT department itself always has dedicated staff; the rest adopt in order.
    dedicated = _adoption(rng, reporting, DEDICATED_IT_UNITS, first=IT_DEPARTMENT)
    for unit in reporting:
        base = q3[unit.code]
        low_share = rng.uniform(0.25, 0.5)
        email_share = rng.uniform(0.45, 0.9)
        growth = rng.uniform(0.0, 0.04)
        services = rng.choice([0, 0, 1, 2, 3, 5]) if unit.level == "department" else rng.choice([0, 1, 2])
        # A generator of its own, so the other figures stay as they were drawn.
        steps = random.Random(f"servers/{unit.code}")
        server_steps = [int(steps.random() < 0.15) for _ in QUARTERS]
        for t, quarter in enumerate(QUARTERS):
            if quarter == PUBLISHED:
                staff, computers, internet, servers = (
                    base["staff_total"],
                    base["computers_total"],
                    base["computers_internet"],
                    base["servers"],
                )
            else:
                staff = max(5, round(base["staff_total"] * (1 + rng.uniform(-0.02, 0.02))))
                computers = max(1, round(base["computers_total"] * _trend(t, growth) * (1 + rng.uniform(-0.03, 0.02))))
                internet_share = min(1.0, base["computers_internet"] / base["computers_total"] + 0.008 * (t - T0))
                internet = min(computers, round(computers * internet_share))
                # Servers come one at a time: a unit gained one in the quarters its
                # draw marks, so totals grow a few per quarter, not by 30 at once.
                gained = sum(server_steps[min(t, T0) + 1 : max(t, T0) + 1])
                servers = max(0, base["servers"] + (gained if t > T0 else -gained))
            row = {
                "staff_total": staff,
                "computers_total": computers,
                "computers_internet": internet,
                "computers_low_spec": round(computers * max(0.05, low_share - 0.02 * (t - T0))),
                "servers": servers,
                "online_services_l34": max(0, services + (t - T0) // 2),
            }
            for element, holders in adoption.items():
                row[element] = int(unit.code in holders[t])
            row["email_accounts"] = round(staff * email_share) if row["uses_official_email"] else 0
            has_dedicated = unit.code in dedicated[t]
            row["it_staff_dedicated"] = (4 if unit.code == IT_DEPARTMENT else 1) if has_dedicated else 0
            row["it_staff_parttime"] = 0 if has_dedicated and rng.random() < 0.5 else 1 + (staff > 80)
            values[(unit.code, quarter)] = row

    for unit in communes:
        pick = 1 if unit.is_remote else 0
        staff0 = rng.randint(18, 28)
        ratio = rng.uniform(0.35, 0.65) if unit.is_remote else rng.uniform(0.65, 0.95)
        online = rng.uniform(0.4, 0.9) if unit.is_remote else rng.uniform(0.9, 1.0)
        draws = {element: rng.random() for element in COMMUNE_RATES}
        dedicated_draw, none_draw = rng.random(), rng.random()
        for t, quarter in enumerate(QUARTERS):
            drift = 0.04 * (t - T0)
            staff = staff0 + rng.choice([-1, 0, 0, 0, 1])
            computers = max(1, round(staff * min(1.0, ratio * _trend(t, 0.03))))
            row = {
                element: int(draws[element] < rates[pick] + (drift if rates[pick] else 0.0))
                for element, rates in COMMUNE_RATES.items()
            }
            row["has_internet"] = int(draws["has_internet"] < COMMUNE_RATES["has_internet"][pick] + drift)
            internet = round(computers * online) if row["has_internet"] else 0
            dedicated_now = dedicated_draw < COMMUNE_DEDICATED[pick] + drift / 2
            no_staff = not dedicated_now and none_draw < COMMUNE_NO_IT_STAFF[pick] - drift
            row.update(
                staff_total=staff,
                computers_total=computers,
                computers_internet=min(computers, internet),
                computers_low_spec=round(computers * (0.6 if unit.is_remote else 0.4)),
                servers=0,
                email_accounts=round(staff * 0.5) if row["uses_official_email"] else 0,
                it_staff_dedicated=int(dedicated_now),
                it_staff_parttime=0 if no_staff or dedicated_now else 1,
                online_services_l34=0,
            )
            values[(unit.code, quarter)] = row
    return values


def generate_recent(
    base: dict[tuple[str, str], dict[str, int]], units: list[DemoUnit], quarters: list[str]
) -> dict[tuple[str, str], dict[str, int]]:
    """Figures of the demo's two recent quarters (the last complete one and the one in
    progress), made up from each unit's Quý III/2017 row: a little more equipment,
    more units with each yes/no item, never a broken validation rule.

    The years between are not invented (the demo holds no quarters there): nine years
    of made-up history would cost the demo's load time and add nothing to try. Seeded
    per unit and quarter, so every run and every unit draws the same, and the eight
    older quarters are untouched.
    """
    values = {}
    last = QUARTERS[-1]
    for unit in units:
        row0 = base[(unit.code, last)]
        for step, quarter in enumerate(quarters, 1):
            rng = random.Random(f"recent/{unit.code}")  # the same draws for every quarter…
            growth = 1 + rng.uniform(0.05, 0.2) + 0.01 * step  # …so later ones only add
            adopt = rng.random()
            staff = row0["staff_total"]
            computers = max(row0["computers_total"], round(row0["computers_total"] * growth))
            if unit.level == "commune":
                computers = min(computers, staff)
            row = dict(row0)
            for element in REPORTING_ADOPTION:
                if not row0[element]:
                    # Three in five units without an item have it nine years on.
                    row[element] = int(adopt < 0.6 and element != "has_video_conference" or adopt < 0.2)
            internet = round(computers * max(row0["computers_internet"] / max(1, row0["computers_total"]), 0.97))
            row.update(
                computers_total=computers,
                computers_internet=min(computers, internet) if row["has_internet"] else 0,
                computers_low_spec=round(computers * (0.05 if unit.level != "commune" else 0.2)),
                servers=row0["servers"] + (rng.randint(0, 2) if unit.level != "commune" else 0),
                email_accounts=round(staff * 0.9) if row["uses_official_email"] else 0,
                online_services_l34=row0["online_services_l34"] + (3 if unit.level == "department" else 0),
            )
            if unit.level == "commune" and not row0["it_staff_dedicated"] and adopt < 0.3:
                row.update(it_staff_dedicated=1, it_staff_parttime=0)
            values[(unit.code, quarter)] = row
    return values


# Units that join the portal without history (the former Quảng Ngãi's communes, wards and
# đặc khu Lý Sơn): made up for the recent quarters only. A coastal province's communes
# and wards are a little better equipped than the highlands' of 2026, its mountain
# communes about as the highlands'; the island (đặc khu) is small.
JOINED_RATES = {
    "has_portal": (0.85, 0.55),
    "has_lan": (0.97, 0.8),
    "has_internet": (1.0, 0.95),
    "has_specialized_network": (0.75, 0.45),
    "has_firewall": (0.55, 0.3),
    "has_antivirus": (0.92, 0.7),
    "has_edoc": (0.97, 0.85),
    "uses_official_email": (0.92, 0.7),
    "has_video_conference": (0.45, 0.2),
}
JOINED_DEDICATED = (0.5, 0.2)


@dataclass(frozen=True)
class JoinedUnit:
    code: str
    commune_type: str  # xa, phuong or dac_khu
    is_remote: bool = False


def generate_joined(units: list[JoinedUnit], quarters: list[str]) -> dict[tuple[str, str], dict[str, int]]:
    """Figures of the recent ``quarters`` for units with no history on the portal: a
    plausible commune of 2026 drawn per unit (seeded by its code, so every run draws the
    same), a little more equipment in each later quarter, every rule of the catalogue
    kept (Internet and low-spec computers ≤ computers, accounts and IT staff ≤ staff)."""
    values = {}
    for unit in units:
        rng = random.Random(f"joined/{unit.code}")
        pick = 1 if unit.is_remote else 0
        if unit.commune_type == "dac_khu":
            staff0 = rng.randint(16, 20)
        elif unit.commune_type == "phuong":
            staff0 = rng.randint(26, 38)
        else:
            staff0 = rng.randint(20, 30)
        ratio = rng.uniform(0.6, 0.8) if unit.is_remote else rng.uniform(0.85, 1.0)
        online = rng.uniform(0.85, 0.97) if unit.is_remote else rng.uniform(0.97, 1.0)
        draws = {element: rng.random() for element in JOINED_RATES}
        dedicated = rng.random() < JOINED_DEDICATED[pick]
        for step, quarter in enumerate(quarters):
            staff = staff0
            computers = max(1, min(staff, round(staff * ratio * (1 + 0.02 * step))))
            row = {element: int(draws[element] < rates[pick] + 0.03 * step) for element, rates in JOINED_RATES.items()}
            row.update(
                staff_total=staff,
                computers_total=computers,
                computers_internet=min(computers, round(computers * online)) if row["has_internet"] else 0,
                computers_low_spec=round(computers * (0.25 if unit.is_remote else 0.1)),
                servers=int(unit.commune_type == "dac_khu"),
                email_accounts=round(staff * 0.9) if row["uses_official_email"] else 0,
                it_staff_dedicated=int(dedicated),
                it_staff_parttime=0 if dedicated else 1,
                online_services_l34=0,
            )
            values[(unit.code, quarter)] = row
    return values


def with_counterpart(row: dict[str, int], code: str, yes_no: set[str]) -> dict[str, int]:
    """A merged agency's row: its Kon Tum part (``row``) and a made-up part for the
    former Quảng Ngãi's agency of the same name (a larger province: 1,1–1,6 times the
    staff, as well equipped), counts summed, a yes/no item "yes" when either had it."""
    rng = random.Random(f"counterpart/{code}")
    scale = rng.uniform(1.1, 1.6)
    other = {element: round(value * scale) for element, value in row.items() if element not in yes_no}
    other["computers_internet"] = min(other["computers_internet"], other["computers_total"])
    other["computers_low_spec"] = min(other["computers_low_spec"], other["computers_total"])
    other["email_accounts"] = min(other["email_accounts"], other["staff_total"])
    merged = {element: row[element] + other.get(element, 0) for element in row}
    # In the row's order: a set of strings is iterated in an order that changes with
    # each process (hash seeds), and each item draws from ``rng``.
    for element in [element for element in row if element in yes_no]:
        merged[element] = max(row[element], int(rng.random() < 0.8))
    if not merged["uses_official_email"]:
        merged["email_accounts"] = 0
    if not merged["has_internet"]:
        merged["computers_internet"] = 0
    return merged
