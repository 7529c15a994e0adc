"""The dashboards' CSV/XLSX exports written the short way (``reports.tables.RowsTableExport``:
the table's rows handed to ``kontum_it.sheets`` as they are) are the files
django-tables2's ``TableExport`` path wrote (``FormulaSafeTableExport``: a tablib
dataset, then ``kontum_it.sheets``): the CSV byte for byte, the XLSX part for part (only
the creation time in ``docProps/core.xml`` may differ) and cell by cell (issue 25: the
national communes export)."""

import io
import zipfile

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from kontum_it.tables_safe import FormulaSafeTableExport
from reports import readcache
from reports import tables as report_tables
from reports.tables import RowsTableExport


def parts(content: bytes) -> list[tuple[str, bytes]]:
    """The package's parts in order; the creation time left out."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return [(i.filename, b"" if i.filename == "docProps/core.xml" else package.read(i)) for i in package.infolist()]


def cells(content: bytes) -> list:
    """Each sheet's title and every cell: value, type, bold, quote prefix, wrapped."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (
            sheet.title,
            sheet.freeze_panes,
            {k: (d.width, d.min, d.max) for k, d in sheet.column_dimensions.items()},
            [
                [(c.value, c.data_type, c.font.b, c.quotePrefix, c.alignment.wrap_text) for c in row]
                for row in sheet.iter_rows()
            ],
        )
        for sheet in book
    ]


def assert_same_xlsx(fast: bytes, slow: bytes):
    assert parts(fast) == parts(slow)
    assert cells(fast) == cells(slow)


def slow_export(fmt: str, table, title: str):
    return FormulaSafeTableExport(fmt, table, dataset_kwargs={"title": title}).export()


# The exported dashboard tables of the demo, before and after the 2025 reorganisation.
DEMO_PAGES = [
    (reverse("reports:communes"), {"period": "2016Q3"}),
    (reverse("reports:communes"), {"period": "2026Q3", "sort": "-computers_per_staff"}),
    (reverse("reports:communes"), {"period": "2016Q3", "district": "H02"}),
    (reverse("reports:province"), {"period": "2016Q3"}),
    (reverse("reports:districts"), {"period": "2016Q3"}),
    (reverse("reports:ranking"), {"period": "2016Q3", "level": "commune"}),
    (reverse("reports:ranking"), {"period": "2026Q3", "level": "department"}),
    (reverse("reports:scorecard"), {"period": "2026Q3"}),
    (reverse("reports:map"), {"period": "2026Q3"}),
]


@pytest.mark.parametrize("url, params", DEMO_PAGES)
def test_the_demo_exports_are_those_of_django_tables2s_export(demo, admin_client, url, params):
    page = admin_client.get(url, params)
    assert page.status_code == 200
    table = page.context["table"]
    report_tables.configure(page.wsgi_request, table, paginate=False)
    rows = RowsTableExport("xlsx", table, dataset_kwargs={"title": "Quý"}).dataset.rows
    assert len(rows) >= 3
    for fmt in report_tables.EXPORT_FORMATS:
        fast = RowsTableExport(fmt, table, dataset_kwargs={"title": "Cấp xã Quý III/2016"}).export()
        slow = slow_export(fmt, table, "Cấp xã Quý III/2016")
        if fmt == "csv":
            assert fast == slow
        else:
            assert_same_xlsx(fast, slow)


@pytest.mark.parametrize("url, params", DEMO_PAGES[:3])
def test_the_views_export_the_files_django_tables2s_export_wrote(demo, admin_client, monkeypatch, url, params):
    def download(fmt):
        readcache.memo_clear()
        cache.clear()
        response = admin_client.get(url, params | {"_export": fmt})
        assert response.status_code == 200
        return response["Content-Disposition"], response.content

    fast = {fmt: download(fmt) for fmt in report_tables.EXPORT_FORMATS}
    monkeypatch.setattr(report_tables, "RowsTableExport", FormulaSafeTableExport)
    slow = {fmt: download(fmt) for fmt in report_tables.EXPORT_FORMATS}
    assert fast["csv"] == slow["csv"]
    assert fast["xlsx"][0] == slow["xlsx"][0]
    assert_same_xlsx(fast["xlsx"][1], slow["xlsx"][1])
