"""``load_demo`` (the default demo): the demo carried through the 2025 reorganisations (Kon
Tum's departments on 01/03/2025, Kon Tum into Quảng Ngãi on 01/07/2025). Quý III/2016
still gives every published figure; the recent quarters cover the whole merged province."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from indicators.demo import demo_quarters
from indicators.models import Report, ReportStatus
from units.models import Level, Membership, Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(demo):
    """The demo as ``load_demo`` leaves it (tests/conftest.py)."""


def level_figures(period):
    out = io.StringIO()
    call_command("figures", "--period", period, "--by", "level", "--format", "json", stdout=out)
    return {(r["group"], r["indicator"]): r for r in json.loads(out.getvalue())}


def test_quarter_iii_2016_still_gives_every_published_figure(merged):
    f = level_figures("2016Q3")
    for indicator in ("portal_units", "lan_internet_units", "specialized_network_units", "antivirus_units"):
        assert (f[("reporting", indicator)]["numerator"], f[("reporting", indicator)]["denominator"]) == (30, 30)
    assert [round(f[(g, "computers_per_staff")]["value"]) for g in ("reporting", "province", "district")] == [
        91,
        93,
        89,
    ]
    assert [f[(g, "servers_total")]["value"] for g in ("reporting", "province", "district")] == [106, 67, 39]
    assert f[("reporting", "firewall_units")]["numerator"] == 23
    assert f[("reporting", "official_email_units")]["numerator"] == 19
    assert f[("reporting", "computers_internet_total")]["value"] > 2100


def test_the_recent_quarters_use_the_new_structure(merged):
    done, open_code = demo_quarters(timezone.localdate())
    reports = Report.objects.filter(period__code__in=[done, open_code])
    assert not reports.filter(unit__active_to__isnull=False).exists()  # no closed unit reports
    assert not reports.filter(unit__level=Level.DISTRICT).exists()
    done_units = set(reports.filter(period__code=done).values_list("unit__code", flat=True))
    # The whole merged province reports the last complete quarter: 96 communes, wards and
    # đặc khu, 15 provincial bodies.
    in_force = Unit.objects.active_on(timezone.localdate()).exclude(level=Level.PROVINCE)
    assert done_units == set(in_force.values_list("code", flat=True))
    assert in_force.filter(level=Level.COMMUNE).count() == 96
    assert in_force.filter(level=Level.DEPARTMENT).count() == 15
    assert "QS21" in done_units and not {"S11", "S14", "S21"} & done_units


def test_the_former_quang_ngai_units_report_from_the_first_recent_quarter(merged):
    from indicators.models import Period

    done, open_code = demo_quarters(timezone.localdate())
    first_day = Period.objects.get(code=done).start_date
    joined = Unit.objects.filter(level=Level.COMMUNE, active_to=None, predecessor_links=None)
    assert joined.count() == 56
    assert set(joined.values_list("reports_from", flat=True)) == {first_day}
    assert all(unit.outside_formers.exists() for unit in joined)
    # Kon Tum's communes and every agency report since they opened: nothing to set.
    assert not Unit.objects.filter(active_to=None).exclude(pk__in=joined).exclude(reports_from=None).exists()
    reports = Report.objects.filter(unit__in=joined)
    assert set(reports.values_list("period__code", flat=True)) == {done, open_code}


def figures_of(units, period_code):
    from django.db.models import Sum

    from indicators.models import ReportValue

    values = ReportValue.objects.filter(report__unit__in=units, report__period__code=period_code)
    return {
        code: values.filter(element__code=code).aggregate(s=Sum("value"))["s"]
        for code in ("staff_total", "computers_total")
    }


def test_the_coast_is_a_little_better_equipped_than_the_highlands_and_li_son_small(merged):
    done = demo_quarters(timezone.localdate())[0]
    communes = Unit.objects.filter(level=Level.COMMUNE, active_to=None)
    coast = figures_of(communes.filter(predecessor_links=None, is_remote=False), done)
    highlands = figures_of(communes.exclude(predecessor_links=None), done)
    assert coast["computers_total"] / coast["staff_total"] > highlands["computers_total"] / highlands["staff_total"]
    li_son = figures_of(communes.filter(commune_type="dac_khu"), done)
    assert li_son["staff_total"] <= 20
    # Remote communes on both sides: the briefing's "vùng sâu, vùng xa" has units under it.
    assert communes.filter(is_remote=True, predecessor_links=None).exists()
    assert communes.filter(is_remote=True).exclude(predecessor_links=None).exists()


def test_every_demo_role_still_has_work_in_the_open_quarter(merged):
    open_code = demo_quarters(timezone.localdate())[1]
    reports = Report.objects.filter(period__code=open_code)
    assert not reports.filter(unit__code="QS21").exists()  # demo-officer: not started
    assert Membership.objects.filter(user__username="demo-officer", unit__code="QS21", role=Role.OFFICER).exists()
    dak_glei = set(
        Membership.objects.filter(user__username="demo-district", unit__active_from__isnull=False).values_list(
            "unit__code", flat=True
        )
    )
    assert len(dak_glei) == 6  # Đăk Glei's 12 communes became 6
    reviewed = set(
        Membership.objects.filter(user__username="demo-district-reviewer", unit__code__in=dak_glei).values_list(
            "unit__code", flat=True
        )
    )
    assert reviewed == dak_glei
    states = dict(reports.filter(unit__code__in=dak_glei).values_list("unit__code", "status"))
    assert len(states) < 6 and ReportStatus.DRAFT in states.values() and ReportStatus.SUBMITTED in states.values()
    assert Membership.objects.filter(user__username="demo-reviewer", unit__code="QS21", role=Role.REVIEWER).exists()
    # demo-reviewer: Sở Tài chính's and Sở Y tế's reports waiting and Sở Dân tộc và Tôn
    # giáo's (Ban Dân tộc's line) returned one; nothing is late yet in the open quarter,
    # nothing sent in the future.
    waiting = reports.filter(unit__level=Level.DEPARTMENT, status=ReportStatus.SUBMITTED)
    assert set(waiting.values_list("unit__code", flat=True)) == {"QS22", "QS16"}
    assert reports.get(unit__code="QS26").status == ReportStatus.RETURNED
    assert not reports.filter(is_late=True).exists()
    assert not reports.filter(submitted_at__gt=timezone.now()).exists()
    # The district's two accounts sit at a commune formed from Đăk Glei's, not at the
    # abolished district; demo-officer and demo-reviewer at Quảng Ngãi's Sở KH&CN.
    homes = set(
        get_user_model()
        .objects.filter(username__in=["demo-district", "demo-district-reviewer"])
        .values_list("profile__unit__code", flat=True)
    )
    assert len(homes) == 1 and homes <= dak_glei
    for username in ("demo-officer", "demo-reviewer"):
        assert get_user_model().objects.get(username=username).profile.unit.code == "QS21"


def test_the_merged_demo_keeps_the_catalogue_rules_and_loads_again_unchanged(merged, version_deferred):
    from indicators.models import ReportValue

    values = {}
    for report_id, code, value in ReportValue.objects.values_list("report_id", "element__code", "value"):
        values.setdefault(report_id, {})[code] = value
    for row in values.values():
        assert row["computers_internet"] <= row["computers_total"]
        assert row["email_accounts"] <= row["staff_total"]
    before = (Unit.objects.count(), Report.objects.count(), Membership.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Unit.objects.count(), Report.objects.count(), Membership.objects.count()) == before


def test_a_new_wards_page_shows_its_history_back_to_2016(merged, client):
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    page = client.get(reverse("units:detail", args=["X23293"]))
    headers = page.context["history_headers"]  # newest first
    assert headers[-1].label == "Quý IV/2015" and headers[-1].rebuilt and headers[-1].former_units == 5
    assert headers[0].rebuilt is False  # the quarter shown: its own figures
    assert "tái dựng từ 5/5 đơn vị cũ" in page.content.decode()


def test_merging_a_database_with_the_old_structures_recent_reports_is_refused(demo_before_merger):
    with pytest.raises(CommandError, match="Không áp dụng được sắp xếp 2025"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Unit.objects.filter(code="X23293").exists()


def test_the_province_trend_sums_each_quarter_over_the_units_it_had(merged, client):
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    done = demo_quarters(timezone.localdate())[0]
    page = client.get(reverse("home") + f"?period={done}")
    chart = next(c for c in page.context["trend_charts"] if c.dom_id == "trend-computers_per_staff")
    traces = {trace["name"]: dict(zip(trace["x"], trace["y"], strict=True)) for trace in chart.figure["data"]}
    # Quý III/2016 as published (cấp tỉnh 93%), though its departments have closed since;
    # the communes' line goes back to 2016 over the 102 communes of then, each quarter
    # over the units it had (the line breaks at the reorganisation, not the figures).
    assert round(traces["Cấp tỉnh"]["2016-08-15"]) == 93
    assert all(traces["Cấp xã"][day] is not None for day in ("2015-11-15", "2016-08-15", "2017-08-15"))


def test_a_units_level_line_keeps_the_quarters_before_the_change(merged, client):
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    page = client.get(reverse("units:detail", args=["X23293"]))
    chart = next(c for c in page.context["charts"] if c.dom_id == "unit-trend-computers_per_staff")
    level_line = next(trace for trace in chart.figure["data"] if trace["name"] == "Toàn cấp xã")
    # The communes of 2015–2017 (102 of them, all closed since) still make the line.
    assert all(value is not None for value in level_line["y"][:8])


def test_the_districts_page_says_the_quarter_has_no_district_level(merged, client):
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    done = demo_quarters(timezone.localdate())[0]
    after = client.get(reverse("reports:districts") + f"?period={done}").content.decode()
    before = client.get(reverse("reports:districts") + "?period=2016Q3").content.decode()
    assert 'id="no-districts"' in after and "không có cấp huyện" in after
    assert 'id="no-districts"' not in before


def test_headings_name_only_the_levels_of_the_quarter(merged, client):
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    done = demo_quarters(timezone.localdate())[0]
    pages = {
        period: (
            client.get(reverse("home") + f"?period={period}").content.decode(),
            client.get(reverse("reports:communes") + f"?period={period}").content.decode(),
        )
        for period in (done, "2016Q3")
    }
    assert "Số liệu chính của cấp tỉnh</h2>" in pages[done][0]
    assert "Số liệu chính của cấp tỉnh và cấp huyện</h2>" in pages["2016Q3"][0]
    assert "Các xã, phường, đặc khu toàn tỉnh" in pages[done][1] and "thị trấn" not in pages[done][1]
    assert "Các xã, phường, thị trấn toàn tỉnh" in pages["2016Q3"][1]


def test_load_demo_before_merger_keeps_the_2016_structure_in_the_recent_quarters(version_deferred):
    from units.models import Reorganisation

    call_command("load_demo", "--before-merger", stdout=io.StringIO())
    open_code = demo_quarters(timezone.localdate())[1]
    assert not Reorganisation.objects.exists()
    assert Report.objects.get(unit__code="H02", period__code=open_code).status == ReportStatus.DRAFT
    assert not Unit.objects.filter(active_from__isnull=False).exists()
    with pytest.raises(CommandError, match="loại trừ nhau"):
        call_command("load_demo", "--before-merger", "--merged", stdout=io.StringIO())


def test_each_quarter_names_the_province_in_force(merged, client):
    import datetime

    from units.models import Unit

    assert Unit.objects.active_on(datetime.date(2016, 9, 30)).get(level=Level.PROVINCE).code == "KT"
    done = demo_quarters(timezone.localdate())[0]
    after = Unit.objects.active_on(timezone.localdate()).get(level=Level.PROVINCE)
    assert (after.code, after.name, after.official_code) == ("QN", "Tỉnh Quảng Ngãi", "51")
    # Everything that reports today hangs under Quảng Ngãi; Kon Tum's rows are closed.
    today = Unit.objects.active_on(timezone.localdate()).exclude(level=Level.PROVINCE)
    assert set(today.values_list("parent__code", flat=True)) == {"QN"}
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    for period, shown, other in ((done, "Quảng Ngãi", "Kon Tum"), ("2016Q3", "Kon Tum", "Quảng Ngãi")):
        page = client.get(reverse("home") + f"?period={period}").content.decode()
        # The note on the quarter's list of units names the reorganisation, which names both provinces.
        page = re.sub(r'<details class="notice hierarchy-basis".*?</details>', "", page, flags=re.S)
        assert f">UBND tỉnh {shown}</span>" in page and f"tỉnh {other}" not in page, period


def test_the_province_page_compares_across_the_change_of_root(merged, client):
    # Quý III/2026 (under Quảng Ngãi) against Quý III/2017 (under Kon Tum, the quarter
    # before with figures): the like-for-like changes compare the same territory.
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    done = demo_quarters(timezone.localdate())[0]
    page = client.get(reverse("home") + f"?period={done}")
    assert page.status_code == 200 and page.context["previous"].code == "2017Q3"
    # Every department of today was formed partly from the former Quảng Ngãi's, whose
    # reports the portal never held: none is compared, and the page says why.
    assert all(h.change is None for h in page.context["headlines"])
    assert "15 đơn vị không so sánh được" in page.content.decode()
    # The communes formed from Kon Tum's alone are compared over their territory.
    commune_row = next(r for r in page.context["rows"] if r.spec.code == "firewall_units")
    assert commune_row.change("commune") is not None and commune_row.change("commune").matched > 0
    ward = client.get(reverse("units:detail", args=["X23293"]) + f"?period={done}")
    assert ward.status_code == 200 and ">UBND tỉnh Quảng Ngãi</span>" in ward.content.decode()


def test_the_demo_holds_a_directive_answered_and_one_to_answer(merged, client):
    from indicators.models import Directive, DirectiveReply

    done = demo_quarters(timezone.localdate())[0]
    assert set(Directive.objects.values_list("period__code", flat=True)) == {done}
    assert Directive.objects.count() == 2 and DirectiveReply.objects.count() == 1
    # Scoped as every directive: the communes' officer reads theirs, not the department's.
    client.force_login(get_user_model().objects.get(username="demo-district"))
    page = client.get(reverse("directives:list")).content.decode()
    assert "xử lý hồ sơ công việc trên môi trường mạng" in page and "chữ ký số của Sở" not in page
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    page = client.get(reverse("directives:list")).content.decode()
    assert "chữ ký số của Sở" in page and "Sở đã lập danh sách 24 cán bộ" in page
