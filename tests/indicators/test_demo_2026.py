"""The demo on the 2026 catalogue (issue 21, point 6), and the past kept exactly: every
demo quarter before 2026 prints the same ``figures`` before and after the revision."""

import io

import pytest
from django.core.management import call_command

from indicators import demo_2026
from indicators.demo import demo_load
from indicators.models import (
    AuditEntry,
    Evidence,
    Period,
    Report,
    ReportRegister,
    ReportStatus,
    ReportValue,
    SubmissionKey,
)
from tests.indicators.catalogue2026 import RETIRED, apply_2026

pytestmark = pytest.mark.django_db


def figures_output(quarters) -> dict:
    out = {}
    for code in quarters:
        for by in ("level", "district", "unit"):
            buffer = io.StringIO()
            call_command("figures", "--period", code, "--by", by, stdout=buffer)
            out[(code, by)] = buffer.getvalue()
    return out


def test_every_quarter_before_2026_prints_the_same_figures_after_the_revision(version_deferred, monkeypatch):
    # The demo as it was before issue 21: no revision, the recent quarters on 2016's catalogue.
    monkeypatch.setattr(demo_2026, "demo_catalogue_2026", lambda **kwargs: None)
    monkeypatch.setattr(demo_2026, "demo_fill_2026", lambda **kwargs: None)
    demo_load(log=lambda *args: None)
    past = [p.code for p in Period.objects.with_data().order_by("year", "quarter") if p.code < "2026Q1"]
    assert len(past) == 8
    before = figures_output(past)
    # A revision may not change quarters already sent: take the recent ones away first.
    recent = Report.objects.filter(period__code__gte="2026Q1")
    SubmissionKey.objects.filter(report__in=recent).delete()
    assert not AuditEntry.objects.filter(report__in=recent).exists()
    ReportValue.objects.filter(report__in=recent).delete()
    recent.delete()
    Period.objects.filter(code__gte="2026Q1").delete()
    apply_2026(None)
    assert figures_output(past) == before


def test_the_demos_2026_quarters_report_the_2026_catalogue(demo):
    recent = Period.objects.filter(code__gte="2026Q1").order_by("year", "quarter")
    assert recent.count() == 2 and all(p.is_demo for p in recent)
    for period in recent:
        codes = set(ReportValue.objects.filter(report__period=period).values_list("element__code", flat=True))
        assert not codes & RETIRED and {"signature_certs", "work_files_online"} <= codes
        assert (
            ReportRegister.objects.filter(report__period=period).count() == Report.objects.filter(period=period).count()
        )
    done = recent.first()
    sent = Report.objects.filter(period=done, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]).first()
    assert ReportValue.objects.filter(report=sent, element__code="systems_total", value__gt=0).exists()
    assert Evidence.objects.filter(report__period__in=recent).exists()
    out = io.StringIO()
    call_command("figures", "--period", done.code, stdout=out)
    assert "signature_cert_rate" in out.getvalue() and "servers_total" not in out.getvalue()
    # Quý III/2016 stays as published.
    out = io.StringIO()
    call_command("figures", "--period", "2016Q3", "--indicator", "firewall_units", stdout=out)
    assert '"numerator": 23' in out.getvalue() and '"denominator": 30' in out.getvalue()


def test_load_demo_again_changes_nothing(demo, version_deferred):
    counts = (ReportValue.objects.count(), Evidence.objects.count(), ReportRegister.objects.count())
    demo_load(log=lambda *args: None)
    assert (ReportValue.objects.count(), Evidence.objects.count(), ReportRegister.objects.count()) == counts
