"""Property-based hostile input (hypothesis): generated forms posted to the entry,
review, reopen, quarter, weights, import (Excel template and bulk) and sign-in views,
generated query strings sent to every table page. The properties: never a 5xx, and nothing invalid in the database.

Examples are bounded (``max_examples``) so that the whole file runs in well under a
minute; the database is not rolled back between examples, which only makes the
properties stronger (each example starts from whatever the previous ones saved).
"""

import csv
import io
import uuid
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from indicators.models import DataElement, IndexWeight, IndicatorGroup, Period, Report, ReportStatus, ReportValue
from indicators.services import report_save
from tests.indicators.conftest import GOOD, login
from tests.security.test_hostile_input import TABLE_PAGES

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
# The table pages are dashboards (0.1-0.3 s each): fewer examples per page.
FUZZ_PAGES = settings(FUZZ, max_examples=8)

HOSTILE = [
    "",
    " ",
    "-1",
    "0",
    "1e400",
    "NaN",
    "Infinity",
    "-0",
    "99999999999999999999",
    "1.200",
    "12,5",
    "١٢",
    "１２０",
    "१००",
    "\x00",
    "%00",
    "=1+2",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "2016Q3",
    "9999Q9",
    "department",
    "commune",
    "H1",
    "D1",
    "csv",
    "xlsx",
    "x" * 3000,
]
# Text a browser can send (no lone surrogates), hostile values more often than not.
text = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(codec="utf-8"), max_size=40))
QUERY_NAMES = [
    "page",
    "per_page",
    "sort",
    "period",
    "level",
    "district",
    "status",
    "name",
    "remote",
    "staffing",
    "unit",
    "_export",
    "level-page",
    "level-per_page",
    "district-sort",
    "missing-page",
]


def assert_database_valid():
    """What no request may ever leave behind, whatever it sent."""
    elements = {e.id: e for e in DataElement.objects.all()}
    for value in ReportValue.objects.exclude(value=None):
        element = elements[value.element_id]
        assert value.value.is_finite(), value
        if element.min_value is not None:
            assert value.value >= element.min_value, (element.code, value.value)
        if element.max_value is not None:
            assert value.value <= element.max_value, (element.code, value.value)
        if element.value_type in ("integer", "yes_no"):
            assert value.value == value.value.to_integral_value(), (element.code, value.value)
        assert "\x00" not in value.comment
    assert set(Report.objects.values_list("status", flat=True)) <= set(ReportStatus.values)
    for period in Period.objects.all():
        assert period.opens_on <= period.deadline, period.code
    weights = list(IndexWeight.objects.values_list("weight", flat=True))
    assert all(Decimal(0) <= w <= Decimal(100) for w in weights)
    assert not weights or sum(weights) > 0


def no_server_error(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.mark.parametrize("url", TABLE_PAGES)
@FUZZ_PAGES
@given(query=st.dictionaries(st.sampled_from(QUERY_NAMES), text, max_size=4))
def test_generated_query_strings_never_give_a_server_error(world, url, query):
    client = login(Client(), world.admin)
    no_server_error(client.get(url, query), f"{url} {query!r}")


def entry_form(draw_values: dict, version, key, action) -> dict:
    data = {"version": version, "key": key, "action": action}
    data.update({f"v_{code}": value for code, value in draw_values.items()})
    return data


@FUZZ
@given(
    values=st.dictionaries(st.sampled_from([f"{c}" for c in GOOD]), text, max_size=8),
    comment=text,
    version=st.sampled_from(["current", "0", "-1", "x", "١", "99999999999999999999"]),
    key=st.sampled_from(["new", "not-a-uuid", ""]),
    action=st.sampled_from(["save", "submit", "", "delete", "\x00"]),
)
def test_generated_entry_forms_never_error_nor_save_anything_invalid(
    world, open_period, values, comment, version, key, action
):
    client = login(Client(), world.officer)
    report = Report.objects.filter(unit=world.units.d1, period=open_period).first()
    current = str(report.version if report else 0)
    data = entry_form(
        {code: str(v) for code, v in GOOD.items()} | values,
        current if version == "current" else version,
        str(uuid.uuid4()) if key == "new" else key,
        action,
    )
    data["c_servers"] = comment
    response = client.post(reverse("indicators:report", args=["D1", open_period.code]), data)
    no_server_error(response, f"entry {data!r}")
    assert_database_valid()


@pytest.fixture
def sent_d1(world, open_period):
    return report_save(
        unit=world.units.d1,
        period=open_period,
        user=world.officer,
        values=GOOD,
        comments={},
        version=0,
        key=uuid.uuid4(),
        submit=True,
    ).report


@FUZZ
@given(
    decision=st.one_of(st.sampled_from(["approve", "return"]), text),
    reason=text,
    version=st.sampled_from(["current", "0", "x", "١"]),
    target=st.sampled_from(["review", "reopen"]),
)
def test_generated_review_and_reopen_forms_never_error(world, sent_d1, decision, reason, version, target):
    user = world.reviewer if target == "review" else world.admin
    client = login(Client(), user)
    current = str(Report.objects.get(pk=sent_d1.pk).version)
    data = {
        "decision": decision,
        "reason": reason,
        "version": current if version == "current" else version,
        "key": str(uuid.uuid4()),
    }
    response = client.post(reverse(f"indicators:{target}", args=["D1", sent_d1.period.code]), data)
    no_server_error(response, f"{target} {data!r}")
    assert_database_valid()
    assert "\x00" not in Report.objects.get(pk=sent_d1.pk).return_reason


dates = st.one_of(st.dates().map(str), text)


@FUZZ
@given(code=st.one_of(st.sampled_from(["2017Q4", "2018Q1", "2017Q3"]), text), opens_on=dates, deadline=dates)
def test_generated_quarter_forms_never_error(world, code, opens_on, deadline):
    client = login(Client(), world.admin)
    data = {"code": code, "opens_on": opens_on, "deadline": deadline}
    no_server_error(client.post(reverse("indicators:periods"), data), f"open {data!r}")
    edit = {"opens_on": opens_on, "deadline": deadline, "is_locked": code[:1], "reason": code}
    no_server_error(client.post(reverse("indicators:period_edit", args=["2017Q3"]), edit), f"edit {edit!r}")
    assert_database_valid()


@FUZZ
@given(weights=st.fixed_dictionaries(dict.fromkeys(IndicatorGroup.values, text)))
def test_generated_weights_never_error_nor_save_invalid_weights(world, weights):
    client = login(Client(), world.admin)
    no_server_error(client.post(reverse("reports:index_weights"), weights), f"weights {weights!r}")
    assert_database_valid()


@FUZZ
@given(username=text, password=text, extra=st.dictionaries(st.sampled_from(["next", "csrfmiddlewaretoken"]), text))
def test_generated_sign_ins_never_error_nor_sign_in(world, username, password, extra):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password, **extra})
    no_server_error(response, f"sign-in {username!r}")
    assert "_auth_user_id" not in client.session


IMPORT_COLUMNS = ["unit_code", "period", "element_code", "value", "comment"]


@FUZZ
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(["D1", "H1", "ZZ"]), text),
            st.one_of(st.sampled_from(["2017Q3", "2017Q4"]), text),
            st.one_of(st.sampled_from(list(GOOD)), text),
            text,
            text,
        ),
        max_size=6,
    ),
    header=st.one_of(st.just(IMPORT_COLUMNS), st.lists(text, max_size=6)),
    commit=st.booleans(),
)
def test_generated_bulk_imports_never_error_nor_save_anything_invalid(world, open_period, rows, header, commit):
    client = login(Client(), world.admin)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    upload = SimpleUploadedFile("so-lieu.csv", buffer.getvalue().encode("utf-8", "surrogatepass"), "text/csv")
    data = {"file": upload} | ({"commit": "on"} if commit else {})
    no_server_error(client.post(reverse("exchange:imports"), data), f"bulk import {rows!r}")
    assert_database_valid()


@FUZZ
@given(content=st.one_of(st.binary(max_size=3000), text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_generated_template_uploads_never_error_nor_save_anything(world, open_period, content):
    client = login(Client(), world.officer)
    before = list(ReportValue.objects.order_by("pk").values_list("pk", "value"))
    upload = SimpleUploadedFile("bao-cao.xlsx", content, "application/octet-stream")
    url = reverse("exchange:import", args=["D1", open_period.code])
    no_server_error(client.post(url, {"file": upload}), f"template upload {content[:40]!r}")
    # An upload only shows a preview: nothing is saved before the officer confirms.
    assert list(ReportValue.objects.order_by("pk").values_list("pk", "value")) == before


@FUZZ
@given(cells=st.dictionaries(st.sampled_from(list(GOOD)), text, max_size=6), comment=text)
def test_generated_values_in_a_real_template_never_error_nor_save_anything(world, open_period, cells, comment):
    client = login(Client(), world.officer)
    template = client.get(reverse("exchange:template", args=["D1", open_period.code]))
    book = load_workbook(io.BytesIO(template.content))
    sheet = book["bao_cao"]
    for row in range(7, sheet.max_row + 1):
        code = sheet[f"H{row}"].value
        if code in cells:
            # A spreadsheet cannot hold control characters: Excel would not write them either.
            sheet[f"C{row}"] = ILLEGAL_CHARACTERS_RE.sub("", cells[code])
            sheet[f"G{row}"] = ILLEGAL_CHARACTERS_RE.sub("", comment)
    filled = io.BytesIO()
    book.save(filled)
    before = list(ReportValue.objects.order_by("pk").values_list("pk", "value"))
    upload = SimpleUploadedFile("bao-cao.xlsx", filled.getvalue(), "application/octet-stream")
    url = reverse("exchange:import", args=["D1", open_period.code])
    no_server_error(client.post(url, {"file": upload}), f"template values {cells!r}")
    assert list(ReportValue.objects.order_by("pk").values_list("pk", "value")) == before


# Files (issue 24, point 8): real templates and bulk workbooks, mutated where parsers
# break — a member's XML replaced by generated bytes or markup, bytes of the zip
# flipped, the zip cut short, a member added.
XML_BITS = st.sampled_from(
    ["<", ">", "</row>", "<row r='0'>", "<c t='s'><v>99</v></c>", "&#0;", "\x00", "<!DOCTYPE x>"]
)
member_text = st.one_of(st.binary(max_size=400), st.lists(st.one_of(XML_BITS, text), max_size=12).map("".join))


def mutate_member(content: bytes, index: int, data) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        chosen = names[index % len(names)]
        for name in names:
            payload = data if name == chosen else source.read(name)
            target.writestr(name, payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload)
    return out.getvalue()


def flip(content: bytes, positions: list[int], value: int) -> bytes:
    data = bytearray(content)
    for position in positions:
        data[position % len(data)] = value
    return bytes(data)


mutation = st.one_of(
    st.tuples(st.just("member"), st.integers(0, 40), member_text),
    st.tuples(st.just("flip"), st.lists(st.integers(0, 10**6), min_size=1, max_size=8), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("add"), st.sampled_from(["xl/vbaProject.bin", "xl/extra.xml"]), member_text),
)


def mutated(content: bytes, change) -> bytes:
    kind, where, data = change
    if kind == "member":
        return mutate_member(content, where, data)
    if kind == "flip":
        return flip(content, where, data)
    if kind == "cut":
        return content[: where % len(content)]
    extra = io.BytesIO(content)
    with zipfile.ZipFile(extra, "a") as archive:
        archive.writestr(where, data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return extra.getvalue()


@FUZZ
@given(change=mutation)
def test_mutated_real_templates_never_error_nor_save_anything(world, open_period, change):
    client = login(Client(), world.officer)
    template = client.get(reverse("exchange:template", args=["D1", open_period.code])).content
    before = list(ReportValue.objects.order_by("pk").values_list("pk", "value"))
    upload = SimpleUploadedFile("bao-cao.xlsx", mutated(template, change), "application/octet-stream")
    url = reverse("exchange:import", args=["D1", open_period.code])
    no_server_error(client.post(url, {"file": upload}), f"mutated template {change!r:.80}")
    assert list(ReportValue.objects.order_by("pk").values_list("pk", "value")) == before


@FUZZ
@given(change=mutation)
def test_mutated_real_bulk_workbooks_never_error_nor_save_anything_invalid(world, open_period, change):
    client = login(Client(), world.admin)
    workbook = client.get(reverse("exchange:export"), {"period": "2017Q2", "format": "xlsx"}).content
    upload = SimpleUploadedFile("so-lieu.xlsx", mutated(workbook, change), "application/octet-stream")
    no_server_error(client.post(reverse("exchange:imports"), {"file": upload, "commit": "on"}), f"bulk {change!r:.80}")
    assert_database_valid()
