"""English is the portal's second language: every string marked for translation has an
English text in the catalogue, none left fuzzy (a guess msgmerge made from a similar
string, which Django would not use)."""

import subprocess
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(*flags: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The header entry (msgid "") is always printed; the others are what we look for.
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@pytest.mark.parametrize("flag", ["--untranslated", "--only-fuzzy"])
def test_every_string_has_its_english_text(flag):
    assert _entries(flag) == []
