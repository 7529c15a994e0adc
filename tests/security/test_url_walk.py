"""The URL × role walk: every URL pattern of the portal has a rule saying who may open
it; anonymous users and every role are sent through every URL, GET and POST, aimed at a
unit outside their scope. The test fails when a URL is added without a rule.

Refused requests (302 to the sign-in page, 403, 404, 405) must leave the database as
it was; allowed GETs must answer 200; a POST to a page the role may only read writes
nothing either.

The one read policy (api/scope.py, SECURITY.md) is walked too: every role that reads the
dashboards reads the same counted figures of every unit as an admin — on the
dashboards, their CSV/XLSX exports and the API — while the details of a report outside
its scope (comments, the entry form, the history) stay refused.
"""

import io
import uuid

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from api.scope import readable_unit_ids
from indicators.demo_2026 import DEMO_PDF
from indicators.directives import directive_create
from indicators.evidence import evidence_attach, evidence_check
from indicators.models import Directive, DirectiveReply, Evidence, ImportJob, IndexWeight, ReportValue, SystemEntry
from indicators.services import report_save
from indicators.services.register import system_save
from tests.indicators.conftest import GOOD, login, post_data
from tests.indicators.test_authorization import snapshot
from units.models import Membership, Unit

pytestmark = pytest.mark.django_db

EVERYONE = {"anonymous", "officer", "district_officer", "reviewer", "committee", "outsider", "admin"}
SIGNED_IN = EVERYONE - {"anonymous"}
DASHBOARD = {"officer", "district_officer", "reviewer", "committee", "admin"}

# name: (args aimed at a foreign unit, roles allowed to GET, roles allowed to POST).
# D2 and H2 are outside the scope of every role but the admin (and officer2, not
# walked); 2017Q3 is the open quarter where D2 has a draft.
RULES = {
    "home": ((), DASHBOARD, set()),
    "reports:province": ((), DASHBOARD, set()),
    "reports:districts": ((), DASHBOARD, set()),
    "reports:district": (("H2",), DASHBOARD, set()),
    "reports:communes": ((), DASHBOARD, set()),
    "reports:ranking": ((), DASHBOARD, set()),
    "reports:map": ((), DASHBOARD, set()),
    "reports:index_weights": ((), {"admin"}, {"admin"}),
    "reports:scorecard": ((), DASHBOARD, set()),
    # Directives (issue 22): DIRECTIVE stands for one addressed to D2 only. Every reader has
    # the list (scoped inside); only the committee and admins write; the thread of D2's
    # directive is read by them alone, and answered by an admin (D2's officer is not walked).
    "directives:list": ((), DASHBOARD, set()),
    "directives:new": ((), {"committee", "admin"}, {"committee", "admin"}),
    "directives:detail": (("DIRECTIVE",), {"committee", "admin"}, {"admin"}),
    "units:detail": (("D2",), DASHBOARD, set()),
    "completeness": ((), DASHBOARD, set()),
    "briefing:export": ((), {"committee", "admin"}, {"committee", "admin"}),
    "indicators:my_reports": ((), {"officer", "district_officer", "admin"}, set()),
    "indicators:report": (("D2", "2017Q3"), {"admin"}, {"admin"}),  # admins may enter for any unit
    "indicators:review": (("D2", "2017Q3"), set(), {"admin"}),  # POST only
    "indicators:reopen": (("D2", "2017Q3"), set(), {"admin"}),  # POST only
    "indicators:history": (("D2", "2017Q3"), {"admin"}, set()),
    "indicators:review_queue": ((), {"reviewer", "admin"}, set()),
    # The register of information systems and the evidence files of a report (issue 21):
    # the report's own rules. SYSTEM and EVIDENCE stand for D2's system and file.
    "indicators:register": (("D2", "2017Q3"), {"admin"}, {"admin"}),
    "indicators:system_edit": (("D2", "2017Q3", "SYSTEM"), {"admin"}, {"admin"}),
    "indicators:system_remove": (("D2", "2017Q3", "SYSTEM"), set(), {"admin"}),  # POST only
    "indicators:evidence_upload": (("D2", "2017Q3"), set(), {"admin"}),  # POST only
    "indicators:evidence": (("EVIDENCE",), {"admin"}, set()),
    "indicators:evidence_remove": (("EVIDENCE",), set(), {"admin"}),  # POST only
    "indicators:periods": ((), {"admin"}, {"admin"}),
    "indicators:period_edit": (("2017Q3",), {"admin"}, {"admin"}),
    # Data exchange: the Excel template of a report is for those who may enter for the
    # unit; bulk import and export are for admins.
    "exchange:template": (("D2", "2017Q3"), {"admin"}, set()),
    "exchange:import": (("D2", "2017Q3"), {"admin"}, {"admin"}),
    "exchange:imports": ((), {"admin"}, {"admin"}),
    "exchange:import_progress": (("0123456789abcdef",), {"admin"}, set()),  # {} for an unknown import
    # A background import (JOB: the admin's): its owner and admins; 404 for anyone else.
    "exchange:import_job": (("JOB",), {"admin"}, set()),
    "exchange:import_job_progress": (("JOB",), {"admin"}, set()),
    "exchange:export": ((), {"admin"}, set()),
    # The read-only API: every signed-in user (or token) reads the catalogue, quarters and
    # aggregates; unit-level rows are scoped inside the views (tests/api).
    "api:units": ((), DASHBOARD, set()),
    "api:elements": ((), DASHBOARD, set()),
    "api:indicators": ((), DASHBOARD, set()),
    "api:periods": ((), DASHBOARD, set()),
    "api:values": ((), DASHBOARD, set()),
    "api:figures": ((), set(), set()),  # 400 without ?period=; scope in tests/api
    "api:schema": ((), SIGNED_IN, set()),
    "api:docs": ((), SIGNED_IN, set()),
    # Redirects each signed-in user to their own page (tests/indicators/test_role_home.py).
    "role_home": ((), set(), set()),
    # Public by design: the sign-in pages and the language switch.
    "login": ((), EVERYONE, EVERYONE),
    "logout": ((), set(), EVERYONE),
    "password_reset": ((), EVERYONE, set()),
    "password_change": ((), SIGNED_IN, SIGNED_IN),
    "password_change_done": ((), SIGNED_IN, set()),
    "set_language": ((), EVERYONE, EVERYONE),
    # The user guide holds no figures of the province (the demo's screenshots only): public,
    # so that someone who cannot sign in reads it too. Read-only (a POST is 405).
    "guide:index": ((), EVERYONE, set()),
    "guide:page": (("can-bo-nhap-lieu",), EVERYONE, set()),
    "guide:image": (("dang-nhap.png",), EVERYONE, set()),
}
# Django's admin checks is_staff itself on every one of its URLs; the walk samples it.
ADMIN_SAMPLE = ["admin:index", "admin:units_unit_changelist", "admin:access_accessevent_changelist"]
REFUSED = {302, 400, 401, 403, 404, 405}


def url_names(patterns=None, namespace=""):
    """Every URL name of the project; the admin's as one entry."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            if pattern.namespace == "admin":
                names.append("admin:*")
            else:
                names += url_names(pattern.url_patterns, inner)
        else:
            names.append(namespace + (pattern.name or f"<unnamed {pattern.pattern}>"))
    return names


def test_every_url_has_a_rule():
    missing = sorted(set(url_names()) - set(RULES) - {"admin:*"})
    assert not missing, f"URLs without an authorization rule in {__name__}.RULES: {missing}"
    stale = sorted(set(RULES) - set(url_names()))
    assert not stale, f"rules for URLs that no longer exist: {stale}"


def fingerprint():
    """The data a refused request must not touch (the access audit, sessions and the
    sign-in throttle legitimately record the attempt itself)."""
    return (
        snapshot(),
        list(IndexWeight.objects.order_by("pk").values_list("group", "weight")),
        list(Unit.objects.order_by("pk").values_list("code", "name", "parent_id")),
        list(Membership.objects.order_by("pk").values_list("user_id", "unit_id", "role", "covers_subtree")),
        list(get_user_model().objects.order_by("pk").values_list("username", "password", "is_staff")),
        LogEntry.objects.count(),
        list(SystemEntry.objects.order_by("pk").values_list("name", "hosting")),
        list(Evidence.objects.order_by("pk").values_list("pk", "name")),
        list(ImportJob.objects.order_by("pk").values_list("pk", "status", "done", "finished_at")),
        list(Directive.objects.order_by("pk").values_list("pk", "text")),
        list(DirectiveReply.objects.order_by("pk").values_list("pk", "text")),
    )


@pytest.fixture
def draft_d2(world, open_period):
    """D2's draft of the open quarter: writable by its officer, so a refusal here is a
    refusal of the role or scope, not of the report's state."""
    report = report_save(
        unit=world.units.d2,
        period=open_period,
        user=world.officer2,
        values=GOOD,
        comments={},
        version=0,
        key=uuid.uuid4(),
        submit=False,
    ).report
    common = {"unit": world.units.d2, "period": open_period, "user": world.officer2}
    system_save(**common, version=report.version, key=uuid.uuid4(), values={"name": "Một cửa", "hosting": "own_room"})
    upload = SimpleUploadedFile("a.pdf", DEMO_PDF)
    evidence_attach(**common, checked=evidence_check(upload))
    # The admin's background import, still queued (no file: the walk does not run it).
    ImportJob.objects.create(user=world.admin, name="values.csv", commit=True, rows=20_000)
    directive_create(user=world.admin, period=open_period, scope="unit", units=[world.units.d2], text="Chỉ Sở Hai.")
    report.refresh_from_db()
    return report


def resolved(args) -> list:
    """RULES' args with SYSTEM and EVIDENCE replaced by D2's system and file."""
    ids = {
        "SYSTEM": SystemEntry.objects.get().system_id,
        "EVIDENCE": Evidence.objects.get().pk,
        "JOB": ImportJob.objects.get().pk,
        "DIRECTIVE": Directive.objects.get().pk,
    }
    return [ids.get(arg, arg) if isinstance(arg, str) else arg for arg in args]


def client_for(world, role):
    return Client() if role == "anonymous" else login(Client(), getattr(world, role))


def post_body(name, version):
    key = str(uuid.uuid4())
    bodies = {
        "indicators:report": post_data(GOOD | {"servers": 99}, version=version),
        "indicators:review": {"version": version, "key": key, "decision": "return", "reason": "x"},
        "indicators:reopen": {"version": version, "key": key, "reason": "x"},
        "indicators:periods": {"code": "2017Q4", "opens_on": "2017-10-01", "deadline": "2018-01-15"},
        "indicators:period_edit": {"opens_on": "2017-07-01", "deadline": "2017-07-02", "is_locked": "on"},
        "reports:index_weights": {"infrastructure": 1, "security": 1, "applications": 1, "human_resources": 97},
        "briefing:export": {"period": "2017Q2", "session_date": "2017-07-20"},
        "directives:new": {"period": "", "scope": "quarter", "text": "Mọi đơn vị báo cáo đúng hạn."},
        "directives:detail": {"text": "Đã thực hiện."},
        "password_change": {"old_password": "x", "new_password1": "y", "new_password2": "y"},
    }
    return bodies.get(name, {})


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_every_role_gets_only_what_its_rule_allows(world, draft_d2, role):
    client = client_for(world, role)
    for name, (args, may_get, may_post) in RULES.items():
        if name in ("logout", "set_language", "login", "role_home"):
            continue  # public, and they change the session itself
        url = reverse(name, args=resolved(args))
        response = client.get(url)
        if role in may_get:
            assert response.status_code == 200, f"{role} GET {url}: {response.status_code}"
        else:
            assert response.status_code in REFUSED, f"{role} GET {url}: {response.status_code}"
            if response.status_code == 302:
                assert role == "anonymous" and response.url.startswith(reverse("login")), (role, url)
        if role in may_post:
            continue
        before = fingerprint()
        response = client.post(url, post_body(name, draft_d2.version))
        if role in may_get:
            # A read-only page may answer a POST like a GET; it still writes nothing.
            assert response.status_code in REFUSED | {200}, f"{role} POST {url}: {response.status_code}"
        else:
            assert response.status_code in REFUSED, f"{role} POST {url}: {response.status_code}"
        if response.status_code == 302:
            assert role == "anonymous" and response.url.startswith(reverse("login")), (role, url)
        assert fingerprint() == before, f"{role} POST {url} changed the database"


@pytest.mark.parametrize("role", sorted(EVERYONE - {"admin"}))
def test_only_staff_reach_the_admin(world, role):
    client = client_for(world, role)
    for name in ADMIN_SAMPLE:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/admin/login/" in response.url, (role, name)
    assert login(Client(), world.admin).get(reverse("admin:index")).status_code == 200


# The dashboards whose tables compare units, each with its exports; H2 is outside every
# walked role's scope but the admin's, D2 (a counted report of 2017Q2) likewise.
FIGURE_PAGES = [
    ("reports:province", ()),
    ("reports:districts", ()),
    ("reports:district", ("H2",)),
    ("reports:communes", ()),
    ("reports:ranking", ()),
]
COUNTED = {"period": "2017Q2"}


def sheet_values(content: bytes) -> list:
    return [list(row) for row in load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)]


def api_rows(client, name, **params):
    response = client.get(reverse(name), {"page_size": 1000} | params)
    assert response.status_code == 200, (name, response.status_code)
    return response.json()["results"]


@pytest.mark.parametrize("role", sorted(DASHBOARD - {"admin"}))
def test_one_read_policy_figures_open_details_scoped(world, draft_d2, role):
    ReportValue.objects.update(comment="giải trình của đơn vị")
    client, admin = client_for(world, role), client_for(world, "admin")
    # Figures: the same as the admin's, every unit's, on every dashboard and its exports.
    for name, args in FIGURE_PAGES:
        url = reverse(name, args=args)
        assert client.get(url, COUNTED).status_code == 200, (role, url)
        csv = client.get(url, COUNTED | {"_export": "csv"})
        assert csv.status_code == 200 and csv.content == admin.get(url, COUNTED | {"_export": "csv"}).content, url
        xlsx = client.get(url, COUNTED | {"_export": "xlsx"})
        expected = sheet_values(admin.get(url, COUNTED | {"_export": "xlsx"}).content)
        assert xlsx.status_code == 200 and sheet_values(xlsx.content) == expected, url
    province = client.get(reverse("reports:province"), COUNTED | {"_export": "csv"}).content.decode()
    assert "Sở Hai" in province  # D2, outside the role's scope, is compared openly
    assert client.get(reverse("units:detail", args=["D2"]), COUNTED).status_code == 200
    # The API: the same values and figures by unit as the admin's, comments aside.
    mine, theirs = api_rows(client, "api:values"), api_rows(admin, "api:values")
    strip = [{k: v for k, v in row.items() if k != "comment"} for row in mine]
    assert strip == [{k: v for k, v in row.items() if k != "comment"} for row in theirs]
    assert {row["unit"] for row in mine} == {"D1", "D2", "H1"}
    by_unit = {"period": "2017Q2", "by": "unit"}
    assert api_rows(client, "api:figures", **by_unit) == api_rows(admin, "api:figures", **by_unit)
    # Details: comments only of the units whose reports the role reads; none of D2's.
    scope = readable_unit_ids(getattr(world, role))
    readable = {code for code in ("D1", "D2", "H1") if getattr(world.units, code.lower()).pk in scope}
    assert {row["unit"] for row in mine if row["comment"]} == readable and "D2" not in readable
    for name in ("indicators:report", "indicators:history"):
        response = client.get(reverse(name, args=["D2", "2017Q2"]))
        assert response.status_code in {403, 404}, (role, name, response.status_code)
    assert "giải trình của đơn vị" not in client.get(reverse("units:detail", args=["D2"]), COUNTED).content.decode()
