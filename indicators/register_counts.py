"""What the register of information systems counts for a report: the values of the
data elements of origin "register" (``DataElement.origin``), derived from a report's
register entries when the report is sent (``indicators.register.register_values``).

Pure: each count reads the entries' plain attributes, so the engine, the form's
read-only figures and the tests share one definition. An element of origin "register"
must have its code here (a catalogue revision refuses one that has not).
"""

from collections.abc import Callable, Iterable

from indicators.models.register import CENTRAL_HOSTING, LAYER_FIELDS


def _layers(entry) -> int:
    return sum(bool(getattr(entry, name)) for name in LAYER_FIELDS)


def _approved_at(level: int) -> Callable:
    return lambda entry: entry.level_approved == level


# code → what makes an entry count (True/False) or how much it adds (an integer).
REGISTER_COUNTS: dict[str, Callable] = {
    "systems_total": lambda entry: True,
    "systems_approved": lambda entry: entry.level_approved is not None,
    **{f"systems_approved_l{level}": _approved_at(level) for level in range(1, 6)},
    "systems_central": lambda entry: entry.hosting in CENTRAL_HOSTING,
    "systems_soc": lambda entry: bool(entry.soc_monitored),
    "systems_four_layers": lambda entry: _layers(entry) == len(LAYER_FIELDS),
    "system_layers": _layers,
    "systems_data_sharing": lambda entry: bool(entry.data_sharing),
    "systems_vneid": lambda entry: bool(entry.vneid_login),
}


def register_counts(entries: Iterable, codes: Iterable[str]) -> dict[str, int]:
    """{code: count over ``entries``} for each of ``codes`` (codes of REGISTER_COUNTS)."""
    entries = list(entries)
    return {code: sum(int(REGISTER_COUNTS[code](entry)) for entry in entries) for code in codes}
