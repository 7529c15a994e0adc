"""The database moves the data version (units.triggers): no write to a table a figure
is read from — create, save, ``update()``, bulk, delete, raw SQL as in psql — leaves it
where it was. The models are derived: every model of ``units`` and ``indicators`` but
those named in EXEMPT, each with the reason no page's figure is read from it; a model
added to either app fails here until it has a builder below (and so a decision, and a
trigger). Run on PostgreSQL too (DATABASE_URL=postgres://…): there the bump waits for the
commit, and the tests of this module that commit check that."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import (
    DataElement,
    IndexWeight,
    Indicator,
    Period,
    Report,
    ReportStatus,
    ReportValue,
    Target,
    ValidationRule,
)
from tests.factories import PeriodFactory, UnitFactory
from units.models import Level, OutsideFormer, Reorganisation, ReorganisationStep, Unit, UnitLineage
from units.versions import UNCOMMITTED, data_version_read

# Not a figure's source, and why: a write to them leaves every page as it was.
EXEMPT = {
    "units.DataVersion": "the version itself (its own triggers would move it for ever)",
    "units.Profile": "who works where: read on every request for rights, never kept",
    "units.Membership": "who may do what: read on every request, never kept (a page's reader flags are in its key)",
    "indicators.SubmissionKey": "one-time keys of forms: the report they wrote moves the version",
    "indicators.Reminder": "the log of reminder mails sent",
    "indicators.AuditEntry": "the audit trail: history shown on review pages, which are not kept",
    "indicators.CatalogueRevision": "the record of a catalogue revision (admin only); the rows it writes have triggers",
    "indicators.CatalogueChange": "what a catalogue revision changed (admin only)",
    "indicators.InformationSystem": "a unit's register: its counts reach the figures as report values when sent",
    "indicators.SystemEntry": "a report's register entries: counted into report values when sent",
    "indicators.ReportRegister": "a report's register: counted into report values when sent",
    "indicators.Evidence": "files attached to a report, served on its page, never in a figure",
    "indicators.ImportJob": "background bulk imports (admin only): the reports and values they write have triggers",
    "indicators.Directive": "directives: read per request for the reader's scope, outside every kept body",
    "indicators.DirectiveReply": "replies to directives: read per request with their directive, never kept",
}
# Read on every request to decide who reads what, never kept with a page.
PER_REQUEST_TABLES = {"django_session", "auth_user", "units_profile", "units_membership", "axes_accessattempt"}
# The directives to a unit (issue 22): scoped to the reader, rendered outside the kept body.
PER_REQUEST_TABLES |= {"indicators_directive", "indicators_directive_units", "indicators_directivereply"}
VERSION_TABLES = {"units_dataversion", "data_version_pending"}  # read first, to key the rest
_seq = itertools.count(1)


def figure_models() -> set[str]:
    names = {
        f"{m._meta.app_label}.{m.__name__}"
        for app in ("units", "indicators")
        for m in apps.get_app_config(app).get_models()
    }
    return names - set(EXEMPT)


@pytest.fixture
def world(db):
    """A province, a department, a quarter with a report holding one value."""
    province = UnitFactory(code="KT", level=Level.PROVINCE)
    unit = UnitFactory(code="S1", level=Level.DEPARTMENT, parent=province)
    period = PeriodFactory(code="2016Q3")
    element = DataElement.objects.create(code="servers", label_vi="Số máy chủ", value_type="integer", section="infra")
    report = Report.objects.create(unit=unit, period=period, status=ReportStatus.SUBMITTED)
    ReportValue.objects.create(report=report, element=element, value=3)
    reorganisation = Reorganisation.objects.create(name="Sắp xếp", effective_date=datetime.date(2025, 7, 1))
    return type(
        "World",
        (),
        {
            "province": province,
            "unit": unit,
            "period": period,
            "element": element,
            "report": report,
            "reorganisation": reorganisation,
        },
    )


def _unit(w, code_prefix="N"):
    return Unit.objects.create(
        code=f"{code_prefix}{next(_seq)}", name="Đơn vị mới", level=Level.COMMUNE, parent=w.province
    )


# model: (a new row, unsaved; a field to change and its new value)
BUILDERS = {
    "units.Unit": (
        lambda w: Unit(code=f"N{next(_seq)}", name="Mới", level=Level.COMMUNE, parent=w.province),
        "name",
        "Đổi tên",
    ),
    "units.Reorganisation": (
        lambda w: Reorganisation(name=f"Sắp xếp {next(_seq)}", effective_date=datetime.date(2025, 7, 1)),
        "name",
        "Đổi tên",
    ),
    "units.ReorganisationStep": (
        lambda w: ReorganisationStep(reorganisation=w.reorganisation, unit=_unit(w), change="opened"),
        "change",
        "closed",
    ),
    "units.UnitLineage": (
        lambda w: UnitLineage(reorganisation=w.reorganisation, predecessor=w.unit, successor=_unit(w)),
        "share",
        Decimal("0.5"),
    ),
    "units.OutsideFormer": (
        lambda w: OutsideFormer(reorganisation=w.reorganisation, successor=w.unit, name=f"Sở cũ {next(_seq)}"),
        "name",
        "Sở cũ khác",
    ),
    "indicators.DataElement": (
        lambda w: DataElement(code=f"e{next(_seq)}", label_vi="Mới", value_type="integer", section="infra"),
        "label_vi",
        "Đổi tên",
    ),
    "indicators.Indicator": (
        lambda w: Indicator(code=f"i{next(_seq)}", name_vi="Mới", group="infrastructure", numerator="servers"),
        "name_vi",
        "Đổi tên",
    ),
    "indicators.ValidationRule": (
        lambda w: ValidationRule(
            code=f"r{next(_seq)}", left="servers", operator=">=", right="0", field=w.element, message_vi="Sai"
        ),
        "message_vi",
        "Sai nữa",
    ),
    "indicators.IndexWeight": (lambda w: IndexWeight(group="security", weight=10), "weight", Decimal(20)),
    "indicators.Target": (
        lambda w: Target(
            indicator=Indicator.objects.create(
                code=f"i{next(_seq)}", name_vi="Mới", group="infrastructure", numerator="servers"
            ),
            level=Level.COMMUNE,
            year=2026,
            value=70,
            document="KH 38/KH-UBND",
        ),
        "value",
        Decimal(80),
    ),
    "indicators.Period": (
        lambda w: Period(
            code="2016Q4",
            year=2016,
            quarter=4,
            opens_on=datetime.date(2016, 10, 1),
            deadline=datetime.date(2017, 1, 15),
        ),
        "is_locked",
        True,
    ),
    "indicators.Report": (
        lambda w: Report(unit=_unit(w), period=w.period, status=ReportStatus.DRAFT),
        "status",
        ReportStatus.APPROVED,
    ),
    "indicators.ReportValue": (
        lambda w: ReportValue(
            report=w.report,
            element=DataElement.objects.create(
                code=f"e{next(_seq)}", label_vi="Mới", value_type="integer", section="infra"
            ),
            value=1,
        ),
        "value",
        Decimal(7),
    ),
}


def test_every_model_a_figure_is_read_from_is_covered_and_every_exemption_is_a_model():
    models = {
        f"{m._meta.app_label}.{m.__name__}"
        for app in ("units", "indicators")
        for m in apps.get_app_config(app).get_models()
    }
    assert set(EXEMPT) <= models, "an exemption names no model"
    assert set(BUILDERS) == figure_models(), (
        "a model of units/indicators without a decision: add it to BUILDERS or EXEMPT"
    )


def installed_trigger_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'data_version%%'"
                " AND tgname <> 'data_version_commit'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'data_version%'"
            )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_the_database_has_a_trigger_on_the_table_of_every_figure_model_and_no_other():
    tables = {apps.get_model(name)._meta.db_table for name in figure_models()}
    assert installed_trigger_tables() == tables


def moved(before, after, period) -> dict:
    return {
        "token": after.token != before.token,
        "quarter": after.of_period(period.pk) != before.of_period(period.pk),
    }


def _write(kind: str, model_name: str, w):
    """Do one write of ``kind`` to a row of ``model_name``; returns a callable that does
    it (the row it needs is made first, outside the measured write)."""
    make, field, value = BUILDERS[model_name]
    model = apps.get_model(model_name)
    table = model._meta.db_table
    column = model._meta.get_field(field).column
    if kind in ("create", "bulk_create"):
        obj = make(w)
        return (lambda: obj.save()) if kind == "create" else (lambda: model.objects.bulk_create([obj]))
    obj = make(w)
    obj.save()
    setattr(obj, field, value)

    def raw(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return {
        "save": lambda: obj.save(),
        "update": lambda: model.objects.filter(pk=obj.pk).update(**{field: value}),
        "bulk_update": lambda: model.objects.bulk_update([obj], [field]),
        "delete": lambda: obj.delete(),
        "queryset_delete": lambda: model.objects.filter(pk=obj.pk).delete(),
        "raw_update": lambda: raw(f"UPDATE {table} SET {column} = {column} WHERE id = %s", [obj.pk]),
        "raw_delete": lambda: raw(f"DELETE FROM {table} WHERE id = %s", [obj.pk]),
    }[kind]


KINDS = [
    "create",
    "bulk_create",
    "save",
    "update",
    "bulk_update",
    "delete",
    "queryset_delete",
    "raw_update",
    "raw_delete",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("model_name", sorted(BUILDERS))
def test_no_write_to_a_figure_model_leaves_the_version_where_it_was(world, model_name, kind):
    write = _write(kind, model_name, world)
    before = data_version_read()
    write()
    after = data_version_read()
    change = moved(before, after, world.period)
    assert change["token"], f"{kind} of {model_name} did not move the version"
    assert change["quarter"], f"{kind} of {model_name} did not move its quarter's version"


@pytest.mark.parametrize("model_name", ["indicators.Report", "indicators.ReportValue"])
def test_a_write_to_one_quarters_reports_leaves_the_other_quarters_version(world, model_name):
    other = PeriodFactory(code="2016Q2")
    make, field, value = BUILDERS[model_name]
    obj = make(world)
    obj.save()
    before = data_version_read()
    apps.get_model(model_name).objects.filter(pk=obj.pk).update(**{field: value})
    after = data_version_read()
    assert after.of_period(world.period.pk) != before.of_period(world.period.pk)
    assert after.of_period(other.pk) == before.of_period(other.pk)


@pytest.mark.django_db
def test_a_statement_that_writes_no_row_moves_nothing(world):
    before = data_version_read()
    Unit.objects.filter(code="none").update(name="x")
    Report.objects.filter(pk=-1).delete()
    assert data_version_read() == before


@pytest.mark.django_db
def test_without_a_version_row_the_first_write_makes_one():
    from units.models import DataVersion

    DataVersion.objects.all().delete()
    assert data_version_read().of_period(1) is None and data_version_read().token == "0"
    UnitFactory(code="KT", level=Level.PROVINCE)
    assert data_version_read().token != "0" and data_version_read().of_period(1) is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE and deferred triggers: PostgreSQL")
def test_truncate_moves_every_quarters_version(world):
    before = data_version_read()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key check pending: TRUNCATE refuses those
        cursor.execute("TRUNCATE indicators_reportvalue")
    after = data_version_read()
    assert after.base != before.base


def test_the_pages_read_no_table_without_a_trigger_but_those_read_per_request(catalogue, client):
    """The tables the dashboards read when nothing is kept: each is a figure model's (so
    its writes move the version) or one read on every request, never kept."""
    from tests.factories import UserFactory
    from tests.reports.dashboard_data import SmallProvince
    from units.models import Membership, Role

    small = SmallProvince()
    user = UserFactory(username="committee")
    Membership.objects.create(user=user, unit=small.province, role=Role.COMMITTEE, covers_subtree=True)
    client.force_login(user)
    urls = [
        reverse("reports:province"),
        reverse("reports:districts"),
        reverse("reports:communes"),
        reverse("reports:ranking"),
        reverse("reports:district", args=["H1"]),
        reverse("units:detail", args=["X1"]),
        reverse("completeness"),
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url, {"period": "2016Q3"}).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    every_table = set(connection.introspection.table_names())
    read = {t for t in every_table if f'"{t}"' in sql or f" {t} " in sql or f" {t}." in sql}
    figure_tables = {apps.get_model(name)._meta.db_table for name in figure_models()}
    assert read - figure_tables - PER_REQUEST_TABLES - VERSION_TABLES == set()
    assert {"indicators_report", "indicators_reportvalue", "units_unit"} <= read  # the capture saw the reads


# What commits: on PostgreSQL the bump is deferred to the commit.


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_once_at_its_commit_and_a_rolled_back_one_not_at_all():
    province = UnitFactory(code="KT", level=Level.PROVINCE)
    period = PeriodFactory(code="2016Q3")
    start = data_version_read()
    with transaction.atomic():
        for i in range(3):
            unit = UnitFactory(code=f"S{i}", level=Level.DEPARTMENT, parent=province)
            Report.objects.create(unit=unit, period=period)
        inside = data_version_read()
    after = data_version_read()
    n = lambda v: int(v.token.split("-")[0])  # noqa: E731
    if connection.vendor == "postgresql":
        assert inside.token.startswith(UNCOMMITTED)  # nothing kept or found meanwhile
        assert n(after) == n(start) + 1
    else:
        assert n(after) > n(start)  # SQLite: a bump per row
    with transaction.atomic():
        UnitFactory(code="S9", level=Level.DEPARTMENT, parent=province)
        transaction.set_rollback(True)
    assert data_version_read() == after


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the deferred bump: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_wrote_only_reports_bumps_only_their_quarters_at_its_commit():
    province = UnitFactory(code="KT", level=Level.PROVINCE)
    unit = UnitFactory(code="S1", level=Level.DEPARTMENT, parent=province)
    q2, q3 = PeriodFactory(code="2016Q2"), PeriodFactory(code="2016Q3")
    report = Report.objects.create(unit=unit, period=q3)
    before = data_version_read()
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
        with transaction.atomic():  # a savepoint that writes a unit, rolled back
            Unit.objects.filter(pk=unit.pk).update(name="x")
            transaction.set_rollback(True)
    after = data_version_read()
    assert after.base == before.base  # the unit's write was rolled back with its savepoint
    assert after.of_period(q3.pk) != before.of_period(q3.pk)
    assert after.of_period(q2.pk) == before.of_period(q2.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM data_version_pending")
        assert cursor.fetchone()[0] == 0  # the notes go with the commit
