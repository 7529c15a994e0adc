"""A catalogue revision is data (issue 21, point 2): a file applied with a dry run by
default, all or nothing, audited, refused line by line."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from access.models import AccessEvent, AccessKind
from indicators.catalogue_revision import NAMED_SOURCES, RevisionError, revision_read
from indicators.catalogue_revision_apply import revision_apply, revision_preview
from indicators.models import CatalogueChange, CatalogueRevision, DataElement, IndexWeight, Indicator, Period
from indicators.services import period_get_or_create
from reports import selectors
from tests.indicators.conftest import login

pytestmark = pytest.mark.django_db

KEEP_ALL = """[elements]
action,code,source,verified,label_vi,label_en,value_type,measure_unit,min_value,max_value,section,origin,help_vi,help_en,replaces
{elements}
[indicators]
action,code,source,verified,name_vi,name_en,short_name_vi,short_name_en,group,numerator,denominator,factor,decimals,suffix,higher_is_better,threshold,weak_label_vi,weak_label_en,targets,method_vi,method_en,replaces
{indicators}
[rules]
action,code,source,verified,left,operator,right,field,message_vi,message_en,severity
{rules}
"""


def revision_file(tmp_path, *, effective="2026Q1", elements=(), indicators=(), rules=(), weights="", drop=()):
    """A small revision: keeps every row in force except ``drop`` (retired), plus the
    given extra lines (``elements`` etc.: CSV rows)."""

    def kept(model):
        return [f"keep,{c},,primary" for c in model.objects.values_list("code", flat=True) if c not in drop]

    def retired(model):
        return [f"retire,{c},gone,primary" for c in model.objects.filter(code__in=drop).values_list("code", flat=True)]

    from indicators.models import ValidationRule

    text = (
        "# name: Thử\n# legal_basis: QĐ thử\n# effective: "
        + effective
        + "\n"
        + KEEP_ALL.format(
            elements="\n".join(kept(DataElement) + retired(DataElement) + list(elements)),
            indicators="\n".join(kept(Indicator) + retired(Indicator) + list(indicators)),
            rules="\n".join(kept(ValidationRule) + retired(ValidationRule) + list(rules)),
        )
        + weights
    )
    path = tmp_path / "revision.csv"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path) -> list[str]:
    with pytest.raises(RevisionError) as error:
        revision_preview(plan=revision_read(path=path))
    return error.value.errors


NEW_ELEMENT = "add,tablets,NĐ thử,secondary,Số máy tính bảng,Tablets,integer,máy,0,1000,infrastructure,,,,"


def test_the_2026_file_applies_and_is_recorded_with_what_it_changed(world):
    outcome = revision_apply(plan=revision_read(path=NAMED_SOURCES["2026"]), user=world.admin)
    revision = outcome.revision
    assert revision.effective == "2026Q1" and revision.applied_by == world.admin
    changes = CatalogueChange.objects.filter(revision=revision)
    assert changes.filter(change="retired", code="servers", kind="element").exists()
    assert changes.get(code="online_full_rate").replaces == "online_services_total"
    assert changes.get(code="signature_cert_rate").verified == "secondary"
    assert changes.get(code="signature_cert_rate").line > 0
    event = AccessEvent.objects.get(kind=AccessKind.CATALOGUE_REVISION)
    assert "sha256" in event.detail and event.user == world.admin
    # Every new indicator carries its source and its "Cách tính" note.
    for indicator in Indicator.objects.filter(valid_from="2026Q1"):
        assert indicator.legal_source and indicator.method_vi, indicator.code
    assert Indicator.objects.get(code="work_files_online_rate").targets == {
        "department": 90.0,
        "district": 80.0,
        "commune": 70.0,
    }


def test_a_dry_run_writes_nothing(world):
    before = DataElement.objects.count()
    out = io.StringIO()
    call_command("apply_catalogue_revision", "2026", stdout=out)
    assert "Chạy thử: chưa ghi gì" in out.getvalue() and "signature_certs" in out.getvalue()
    assert DataElement.objects.count() == before and not CatalogueRevision.objects.exists()
    assert DataElement.objects.get(code="servers").valid_to == ""


def test_commit_needs_an_admin(world):
    with pytest.raises(CommandError, match="quản trị viên"):
        call_command("apply_catalogue_revision", "2026", "--commit", "--user", world.officer.username)


def test_the_same_file_twice_is_refused(world):
    revision_apply(plan=revision_read(path=NAMED_SOURCES["2026"]), user=world.admin)
    assert "đã được áp dụng" in refused(NAMED_SOURCES["2026"])[0]


def test_an_unknown_element_in_an_expression_is_refused_with_its_line(world, tmp_path):
    line = "add,tablet_rate,NĐ thử,secondary,Tỷ lệ,Rate,,,infrastructure,tablets_typo,staff_total,100,0,%,true,,,,,,,"
    path = revision_file(tmp_path, elements=[NEW_ELEMENT], indicators=[line])
    errors = refused(path)
    number = path.read_text(encoding="utf-8").splitlines().index(line) + 1
    assert any(e.startswith(f"Dòng {number}:") and "tablets_typo" in e for e in errors), errors


def test_a_dropped_element_still_used_by_an_indicator_in_force_is_refused(world, tmp_path):
    # staff_total retired, but computers_per_staff (kept) reads it.
    path = revision_file(tmp_path, drop=["staff_total"])
    errors = refused(path)
    assert any("staff_total" in e and "computers_per_staff" in e for e in errors), errors


def test_a_cycle_of_replacements_is_refused(world, tmp_path):
    a = "add,alpha,NĐ thử,primary,A,A,integer,,0,1,infrastructure,,,,beta"
    b = "add,beta,NĐ thử,primary,B,B,integer,,0,1,infrastructure,,,,alpha"
    errors = refused(revision_file(tmp_path, elements=[a, b]))
    assert any("vòng lặp" in e for e in errors), errors


def test_a_change_inside_a_locked_quarter_is_refused(world, tmp_path):
    period_get_or_create(code="2026Q2", is_locked=True)
    errors = refused(revision_file(tmp_path, elements=[NEW_ELEMENT]))
    assert any("Quý II/2026 đã khóa" in e for e in errors), errors


def test_a_quarter_with_sent_reports_is_refused(world, tmp_path):
    # world has approved reports in 2017Q2: a revision from 2017Q2 would change them.
    Period.objects.filter(code="2017Q2").update(is_locked=False)
    errors = refused(revision_file(tmp_path, effective="2017Q2", elements=[NEW_ELEMENT]))
    assert any("Đã có báo cáo được nộp" in e for e in errors), errors


def test_a_revision_must_say_what_happens_to_every_row_in_force(world, tmp_path):
    path = revision_file(tmp_path)
    text = path.read_text(encoding="utf-8").replace("keep,servers,,primary\n", "")
    path.write_text(text, encoding="utf-8")
    errors = refused(path)
    assert any("servers" in e and "chưa nói giữ" in e for e in errors), errors


def test_a_refused_file_changes_nothing_even_when_committed(world, tmp_path):
    path = revision_file(tmp_path, elements=[NEW_ELEMENT], drop=["staff_total"])
    with pytest.raises(CommandError, match="Không ghi gì"):
        call_command(
            "apply_catalogue_revision", str(path), "--commit", "--user", world.admin.username, stderr=io.StringIO()
        )
    assert not DataElement.objects.filter(code="tablets").exists()
    assert not CatalogueRevision.objects.exists() and DataElement.objects.get(code="staff_total").valid_to == ""


def test_weights_are_dated_the_ranking_of_past_quarters_keeps_its_own(world, tmp_path):
    IndexWeight.objects.create(group="security", weight=25)
    weights = "[weights]\naction,group,weight,source,verified\nset,security,40,QĐ thử,primary\n"
    revision_apply(plan=revision_read(path=revision_file(tmp_path, weights=weights)), user=world.admin)
    old, new = selectors.index_weights(period=world.q3), selectors.index_weights(period=Period(code="2026Q1"))
    assert old["security"] == 25 and new["security"] == 40
    assert IndexWeight.objects.get(group="security", valid_from="").valid_to == "2025Q4"


def test_load_catalogue_keeps_loading_the_2016_catalogue(world):
    revision_apply(plan=revision_read(path=NAMED_SOURCES["2026"]), user=world.admin)
    call_command("load_catalogue", "--overwrite", stdout=io.StringIO())
    assert DataElement.objects.get(code="servers").valid_to == "2025Q4"  # the revision's end is kept
    assert DataElement.objects.filter(valid_from="", valid_to="").count() == 14


def test_the_admin_shows_the_revisions_and_what_each_changed_read_only(client, world):
    revision = revision_apply(plan=revision_read(path=NAMED_SOURCES["2026"]), user=world.admin).revision
    login(client, world.admin)
    assert client.get(reverse("admin:indicators_cataloguerevision_changelist")).status_code == 200
    page = client.get(reverse("admin:indicators_cataloguerevision_change", args=[revision.pk])).content.decode()
    assert "signature_cert_rate" in page and "online_services_total" in page and "NĐ 68/2024/NĐ-CP" in page
    assert client.get(reverse("admin:indicators_cataloguerevision_add")).status_code == 403
    response = client.post(reverse("admin:indicators_cataloguerevision_delete", args=[revision.pk]), {"post": "yes"})
    assert response.status_code == 403 and CatalogueRevision.objects.filter(pk=revision.pk).exists()
