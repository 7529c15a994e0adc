"""Path converters for the codes in the portal's URLs.

A code that cannot exist never reaches a query: a NUL byte, a control character or an
over-long code is a 404 from the URL resolver (PostgreSQL would refuse a NUL in text
with an error, i.e. a 500). Importing this module registers the converters.
"""

from django.urls import register_converter


class UnitCodeConverter:
    """A unit code: up to 20 printable characters (``Unit.code`` is data, not a fixed
    pattern, so only what can never be a code is refused)."""

    regex = r"[^/\x00-\x1f\x7f]{1,20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class QuarterCodeConverter:
    """A quarter code such as ``2016Q3`` (ASCII digits)."""

    regex = r"[0-9]{4}[Qq][1-4]"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(UnitCodeConverter, "unitcode")
register_converter(QuarterCodeConverter, "quarter")
