"""The shortcuts of the data entry form's hot path (issue 25: the deadline rush) give
exactly what the straightforward path gives: the directives' inbox asked first whether
anything is addressed to the unit, the changed values written by plain UPDATEs instead
of ``bulk_update``, the form's fields copied from prototypes, the catalogue's version
read once per request, the menu's addresses reversed once and the one-time key claimed
without a savepoint.

World (tests/indicators/conftest.py): D1 (officer), D2 (officer2), H1 with communes C1
and C2 (district officer), a reviewer of D1 and H1's subtree, a committee member, an
admin and an outsider; 2017Q2 locked, 2017Q3 open."""

import uuid
from decimal import Decimal

import pytest
from django import forms
from django.core.cache import cache
from django.urls import reverse

from indicators import directives, form_specs
from indicators.forms import NumberField, ReportForm, YesNoField
from indicators.models import Directive, DirectiveScope, Period, ReportValue, SubmissionKey
from indicators.services import checks, saving
from indicators.services.checks import ReportConflict
from indicators.templatetags import entry_nav
from tests.factories import report_with_values
from tests.indicators.conftest import GOOD, login, post_data

pytestmark = pytest.mark.django_db


# --- The inbox: asked first whether anything is addressed to the unit ---------------------


def inbox_the_long_way(user, *, unit, upto, limit=5):
    qs = directives.directives_for_user(user, unit=unit)
    qs = qs.filter(period__year__lte=upto.year).exclude(period__year=upto.year, period__quarter__gt=upto.quarter)
    return [(d, directives.thread_state(d)) for d in qs[:limit]]


def test_the_inbox_is_what_the_readers_query_finds_for_every_reader_unit_and_quarter(world):
    units = world.units
    q2017q4, _ = Period.objects.get_or_create(
        code="2017Q4", defaults={"year": 2017, "quarter": 4, "opens_on": "2017-12-01", "deadline": "2018-01-15"}
    )
    q2018q1, _ = Period.objects.get_or_create(
        code="2018Q1", defaults={"year": 2018, "quarter": 1, "opens_on": "2018-03-01", "deadline": "2018-04-15"}
    )
    periods = [world.q2, world.q3, q2017q4, q2018q1]

    def write(period, *to, scope=DirectiveScope.QUARTER):
        return directives.directive_create(
            user=world.committee, period=period, scope=scope, units=list(to), text=f"{period.code} → {len(to)}"
        )

    write(world.q2, units.d1)
    write(world.q3, units.d1, units.d2, units.c3)
    write(q2017q4, units.c1)
    write(q2018q1, units.d2)
    write(world.q3, units.h1, units.c1, units.c2)
    for _ in range(6):  # more than the inbox shows
        write(world.q3, units.d2)
    readers = [
        world.officer,
        world.officer2,
        world.district_officer,
        world.reviewer,
        world.committee,
        world.admin,
        world.outsider,
    ]
    shown = 0
    for user in readers:
        for unit in vars(units).values():
            for upto in periods:
                expected = inbox_the_long_way(user, unit=unit, upto=upto)
                found = directives.inbox(user, unit=unit, upto=upto)
                assert [(d.pk, s) for d, s in found] == [(d.pk, s) for d, s in expected], (user, unit, upto)
                shown += bool(found)
    assert shown > 20  # the comparison covered inboxes with directives, not only empty ones


def test_a_unit_without_directives_costs_the_inbox_one_query(world, django_assert_num_queries):
    directives.directive_create(
        user=world.committee, period=world.q3, scope=DirectiveScope.QUARTER, units=[world.units.d2], text="x"
    )
    with django_assert_num_queries(1):
        assert directives.inbox(world.officer, unit=world.units.d1, upto=world.q3) == []
    assert Directive.objects.count() == 1


# --- The changed values: plain UPDATEs instead of bulk_update ----------------------------------


VARIED = [
    (Decimal("12"), "", False),
    (None, "Đơn vị chưa có số liệu; sẽ bổ sung.", True),
    (Decimal("0"), 'Kiểm kê "quý II" & <b>đủ</b>', False),
    (Decimal("123456789012.34"), "x" * 1000, True),
    (Decimal("0.5"), "dòng một\ndòng hai", False),
    (Decimal("-3"), "'; DROP TABLE x; --", True),
]


def stored(report):
    return list(
        ReportValue.objects.filter(report=report)
        .order_by("element__code")
        .values_list("element__code", "value", "comment", "carried_over")
    )


def test_values_update_stores_what_bulk_update_stores(world):
    one = report_with_values(unit=world.units.d1, period=world.q3, values=GOOD)
    two = report_with_values(unit=world.units.d2, period=world.q3, values=GOOD)
    for report, write in ((one, saving._values_update), (two, None)):
        rows = list(ReportValue.objects.filter(report=report).select_related("element").order_by("element__code"))
        changed = []
        for row, (value, comment, carried) in zip(rows, VARIED * 3, strict=False):
            changed.append(ReportValue(pk=row.pk, value=value, comment=comment, carried_over=carried))
        if write:
            write(changed)
        else:
            ReportValue.objects.bulk_update(changed, ["value", "comment", "carried_over"])
    assert stored(one) == stored(two)
    assert stored(one) != [(c, Decimal(v), "", False) for c, v in sorted(GOOD.items())]


def test_values_update_of_nothing_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        saving._values_update([])


# --- The form's fields: copies of one prototype per element ------------------------------------


def built_the_long_way(element):
    field_class = YesNoField if element.is_yes_no else NumberField
    return field_class(element=element, label=element.label)


def comment_the_long_way():
    return forms.CharField(
        label="Giải trình", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2, "cols": 40})
    )


def a_form(data=None):
    elements, rule_specs, hint_specs = form_specs.form_specs("2017Q3")
    return ReportForm(
        data,
        elements=elements,
        rule_specs=rule_specs,
        hint_specs=hint_specs,
        initial_values={},
        initial_comments={},
    )


def test_the_forms_fields_are_what_building_them_gives(world):
    form = a_form()
    for element in form.elements:
        for copied, built in (
            (form.fields[f"v_{element.code}"], built_the_long_way(element)),
            (form.fields[f"c_{element.code}"], comment_the_long_way()),
        ):
            assert type(copied) is type(built) and type(copied.widget) is type(built.widget)
            assert copied.widget.attrs == built.widget.attrs
            assert str(copied.label) == str(built.label)
            assert (copied.required, copied.max_length if hasattr(built, "max_length") else None) == (
                built.required,
                getattr(built, "max_length", None),
            )
            assert {k: str(v) for k, v in copied.error_messages.items()} == {
                k: str(v) for k, v in built.error_messages.items()
            }
            assert [type(v) for v in copied.validators] == [type(v) for v in built.validators]
            assert str(copied.widget.render("x", "1")) == str(built.widget.render("x", "1"))


@pytest.mark.parametrize(
    "values",
    ["1.200", "12,5", "", "hai", "-3", "99999999999999999", "1", "0", "7", "  4 "],
)
def test_a_copied_field_cleans_as_a_built_one(world, values):
    for element in a_form().elements:
        copied, built = a_form().fields[f"v_{element.code}"], built_the_long_way(element)
        try:
            expected = built.clean(values)
        except forms.ValidationError as error:
            with pytest.raises(forms.ValidationError) as refused:
                copied.clean(values)
            assert refused.value.messages == error.messages
        else:
            assert copied.clean(values) == expected


def test_one_forms_invalid_inputs_are_not_marked_in_the_next_form(world):
    bad = a_form(post_data(GOOD | {"servers": "hai", "has_lan": "7"}, comments={"servers": "x" * 1001}))
    sections = bad.sections()
    grid = bad.grid(sections, editable=True)
    assert grid.count('aria-invalid="true"') >= 3
    fresh = a_form()
    assert "aria-invalid" not in fresh.grid(fresh.sections(), editable=True)
    assert all("aria-invalid" not in field.widget.attrs for field in fresh.fields.values())


# --- The catalogue's version: read once per request ---------------------------------------------


def test_the_catalogue_version_is_read_once_per_request_and_at_every_call_outside_one(world, client, monkeypatch):
    reads = []
    real = cache.get_or_set

    def counted(key, *args, **kwargs):
        if key == form_specs.CATALOGUE_VERSION_KEY:
            reads.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_or_set", counted)
    form_specs.form_specs("2017Q3"), form_specs.method_notes("2017Q3")
    assert len(reads) == 2  # no request: every call asks the cache
    reads.clear()
    login(client, world.officer)
    assert client.get(reverse("indicators:report", args=["D1", "2017Q3"])).status_code == 200
    assert len(reads) == 1
    reads.clear()
    client.get(reverse("indicators:report", args=["D1", "2017Q3"]))
    assert len(reads) == 1  # the next request reads it again
    reads.clear()
    form_specs.form_specs("2017Q3")
    assert len(reads) == 1  # and after the request, every call again


def test_a_catalogue_change_during_a_request_is_read_at_once(world):
    form_specs.request_started()
    try:
        before = form_specs._catalogue_version()
        assert form_specs._catalogue_version() == before
        form_specs.catalogue_changed()
        after = form_specs._catalogue_version()
        assert after != before and after == cache.get(form_specs.CATALOGUE_VERSION_KEY)
    finally:
        form_specs.request_finished()


# --- The menu's addresses, and the one-time key --------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["reports:province", "completeness", "directives:list", "indicators:my_reports", "indicators:periods"]
    + ["admin:index", "exchange:imports", "reports:index_weights", "briefing:export"],
)
def test_the_menus_addresses_are_reverse(name):
    assert entry_nav._reverse(name) == reverse(name)
    assert entry_nav._reverse(name) == reverse(name)  # kept


def test_a_claimed_key_is_refused_again_and_for_another_report(world):
    one = report_with_values(unit=world.units.d1, period=world.q3, values={})
    two = report_with_values(unit=world.units.d2, period=world.q3, values={})
    key = uuid.uuid4()
    assert checks._claim_key(key=key, report=one, user=world.officer, action="value") is True
    assert checks._claim_key(key=key, report=one, user=world.officer, action="value") is False
    with pytest.raises(ReportConflict):
        checks._claim_key(key=key, report=two, user=world.officer2, action="value")
    assert list(SubmissionKey.objects.values_list("key", "report_id", "action", "user_id")) == [
        (key, one.pk, "value", world.officer.pk)
    ]
    assert SubmissionKey.objects.get().created_at is not None
    # The transaction is still usable after a taken key (no savepoint needed).
    assert checks._claim_key(key=uuid.uuid4(), report=two, user=world.officer2, action="submitted") is True


# --- The report's row: one plain UPDATE with the version check ----------------------------------


REPORT_COLUMNS = ("version", "status", "updated_at", "submitted_at", "is_late", "return_reason")


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "draft"},
        {"status": "submitted", "is_late": True, "return_reason": ""},
        {"status": "submitted", "is_late": False, "return_reason": "", "with_submitted_at": True},
    ],
)
def test_report_update_writes_what_the_querysets_update_writes(world, changes):
    from django.db.models import F
    from django.utils import timezone

    from indicators.models import Report

    now = timezone.now()
    changes = dict(changes, updated_at=now)
    if changes.pop("with_submitted_at", False):
        changes["submitted_at"] = now
    one = report_with_values(unit=world.units.d1, period=world.q3, values={}, status="returned")
    two = report_with_values(unit=world.units.d2, period=world.q3, values={}, status="returned")
    Report.objects.filter(pk__in=[one.pk, two.pk]).update(version=3, return_reason="Thiếu số máy chủ")
    assert saving._report_update(pk=one.pk, version=3, status="returned", changes=changes) is True
    assert Report.objects.filter(pk=two.pk, version=3, status="returned").update(version=F("version") + 1, **changes)
    rows = Report.objects.filter(pk__in=[one.pk, two.pk]).order_by("pk").values_list(*REPORT_COLUMNS)
    assert rows[0] == rows[1] and rows[0][0] == 4
    # A stale version or status changes nothing, as the queryset's update.
    assert saving._report_update(pk=one.pk, version=3, status=rows[0][1], changes=changes) is False
    assert saving._report_update(pk=one.pk, version=4, status="approved", changes=changes) is False
    assert Report.objects.filter(pk=one.pk).values_list(*REPORT_COLUMNS).get() == rows[0]
