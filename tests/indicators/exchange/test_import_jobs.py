"""Bulk imports in the background (issue 24, point 3): a file over the line threshold is
queued by the page and imported by ``manage.py run_import_jobs`` with the same result as
the import in the request; a bad file fails its job and saves nothing; only the job's
owner and admins read it; a job is run once, whoever runs the command."""

import io
import threading

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from indicators.exchange import jobs
from indicators.exchange.bulk import values_import
from indicators.exchange.longformat import read_long_format
from indicators.models import AuditEntry, ImportJob, ImportJobStatus, Report, ReportValue
from tests.indicators.conftest import login
from tests.indicators.exchange.test_bulk_import import csv_file, report_lines, state

pytestmark = pytest.mark.django_db

NAME = "values.csv"


@pytest.fixture(autouse=True)
def background(settings, tmp_path, monkeypatch):
    """Files over 10 lines go to the background; their storage is a temporary directory
    (a FileField resolves its storage once, when the model is loaded)."""
    settings.IMPORT_BACKGROUND_ROWS = 10
    monkeypatch.setattr(ImportJob._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    return tmp_path


def written():
    """Everything an import writes, without ids and times."""
    return (
        sorted(Report.objects.values_list("unit__code", "period__code", "status", "version")),
        sorted(ReportValue.objects.values_list("report__unit__code", "element__code", "value", "comment")),
        sorted(
            AuditEntry.objects.values_list(
                "report__unit__code", "action", "element__code", "old_value", "new_value", "reason", "user__username"
            )
        ),
    )


def upload(client, content, *, commit=True, name=NAME):
    file = io.BytesIO(content)
    file.name = name
    data = {"file": file} | ({"commit": "on"} if commit else {})
    return client.post(reverse("exchange:imports"), data)


def test_a_large_file_is_queued_and_its_job_writes_what_the_request_would(world, background):
    content = csv_file(report_lines("D2") + report_lines("H1", comment="máy cũ"))
    # The import in the request, rolled back: what the job must write.
    with transaction.atomic():
        result = values_import(read_long_format(content, name=NAME), user=world.admin, source_name=NAME, commit=True)
        expected = written()
        transaction.set_rollback(True)
    assert result.committed and result.created == 2
    before = written()
    client = login(Client(), world.admin)

    response = upload(client, content)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exchange:import_job", args=[job.pk])
    assert (job.status, job.rows, job.commit, job.user) == (ImportJobStatus.QUEUED, 36, True, world.admin)
    assert written() == before  # nothing imported inside the request
    assert len(list(background.rglob("*.csv"))) == 1  # the file, stored privately
    page = client.get(response.url).content.decode()
    assert "Đang chờ đến lượt" in page and 'data-progress-url="' in page
    assert client.get(reverse("exchange:import_job_progress", args=[job.pk])).json() == {
        "status": "queued",
        "finished": False,
        "done": 0,
        "total": 0,
    }

    call_command("run_import_jobs", stdout=io.StringIO(), stderr=io.StringIO())
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.finished_at and job.started_at
    assert written() == expected
    assert job.result == jobs.result_summary(result, name=NAME, commit=True)
    assert job.message == "Đã ghi: 36 dòng, 2 báo cáo (2 mới, 0 cập nhật, 0 không đổi)."
    assert not job.file and not list(background.rglob("*.csv"))  # not kept once imported
    progress = client.get(reverse("exchange:import_job_progress", args=[job.pk])).json()
    assert progress == {"status": "done", "finished": True, "done": 2, "total": 2}
    page = client.get(reverse("exchange:import_job", args=[job.pk])).content.decode()
    assert "Đã ghi: 36 dòng, 2 báo cáo (2 mới, 0 cập nhật, 0 không đổi)." in page
    assert jobs.shown_counts({"rows": 27945, "errors": 1200}) == {"rows": "27.945", "errors": "1.200"}


def test_a_small_file_is_still_imported_in_the_request(world):
    client = login(Client(), world.admin)
    response = upload(client, csv_file(report_lines("D2")[:9]), commit=False)
    assert response.status_code == 302 and response.url.startswith(reverse("exchange:imports"))
    assert not ImportJob.objects.exists()


def test_a_bad_line_fails_the_job_with_its_message_and_saves_nothing(world):
    lines = report_lines("D2") + report_lines("H1")
    lines[lines.index("H1,2017Q3,computers_total,45,")] = "H1,2017Q3,computers_total,nhiều,"
    before = (state(), written())
    upload(login(Client(), world.admin), csv_file(lines))
    call_command("run_import_jobs", stdout=io.StringIO())
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert job.message == "Không ghi gì: 36 dòng, 1 lỗi. Hãy sửa tệp rồi tải lên lại."
    assert [p["message"] for p in job.result["problems"]] == [
        "“nhiều” không phải là số (số viết liền, không có dấu phân cách hàng nghìn)."
    ]
    assert (state(), written()) == before


def test_a_stored_file_that_no_longer_reads_fails_the_job_and_saves_nothing(world):
    upload(login(Client(), world.admin), csv_file(report_lines("D2") + report_lines("H1")))
    job = ImportJob.objects.get()
    with job.file.storage.open(job.file.name, "wb") as stored:
        stored.write(b"\xff\xfe not utf-8")
    before = (state(), written())
    call_command("run_import_jobs", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.message == "Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."
    assert (state(), written()) == before
    page = login(Client(), world.admin).get(reverse("exchange:import_job", args=[job.pk])).content.decode()
    assert "Tệp CSV phải được lưu với bảng mã UTF-8" in page


@pytest.mark.parametrize("who", ["officer", "officer2", "reviewer", "committee", "district_officer", "outsider"])
def test_another_user_cannot_read_a_job_or_its_progress(world, who):
    upload(login(Client(), world.admin), csv_file(report_lines("D2") + report_lines("H1")))
    job = ImportJob.objects.get()
    other = login(Client(), getattr(world, who))
    for name in ("exchange:import_job", "exchange:import_job_progress"):
        response = other.get(reverse(name, args=[job.pk]))
        assert response.status_code == 404, (who, name)
        assert "values.csv" not in response.content.decode()
    anonymous = Client().get(reverse("exchange:import_job_progress", args=[job.pk]))
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))


def test_the_command_runs_a_job_once(world):
    client = login(Client(), world.admin)
    upload(client, csv_file(report_lines("D2") + report_lines("H1")))
    upload(client, csv_file(report_lines("D2") + report_lines("H1")))
    first, second = ImportJob.objects.order_by("pk")
    out = io.StringIO()
    call_command("run_import_jobs", "--max-jobs", "1", stdout=out)
    assert "Đã chạy 1 lượt nhập." in out.getvalue()
    first.refresh_from_db()
    assert first.status == ImportJobStatus.DONE and ImportJob.objects.get(pk=second.pk).status == "queued"
    after_first = (state(), first.finished_at)

    call_command("run_import_jobs", stdout=io.StringIO())
    second.refresh_from_db()
    # The same file again: its reports equal the stored ones, nothing changes.
    assert second.status == ImportJobStatus.DONE and second.result["unchanged"] == 2
    out = io.StringIO()
    call_command("run_import_jobs", stdout=out)
    assert "Đã chạy 0 lượt nhập." in out.getvalue()
    first.refresh_from_db()
    assert (state(), first.finished_at) == after_first


def test_a_claimed_job_is_not_claimed_again(world):
    upload(login(Client(), world.admin), csv_file(report_lines("D2") + report_lines("H1")))
    job = jobs.claim_next("node-a")
    assert job is not None and job.status == ImportJobStatus.RUNNING and job.worker == "node-a"
    assert jobs.claim_next("node-b") is None
    jobs.run_job(job)
    assert jobs.claim_next("node-b") is None
    assert ImportJob.objects.get().status == ImportJobStatus.DONE


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_nodes_claim_different_jobs(world):
    """While one node holds the oldest job's row lock (claiming it), another node takes the
    next job instead of waiting for it or taking the same one."""
    client = login(Client(), world.admin)
    for _ in range(2):
        upload(client, csv_file(report_lines("D2") + report_lines("H1")))
    oldest, newest = ImportJob.objects.order_by("pk")
    locked, release, claimed = threading.Event(), threading.Event(), []

    def node_a():
        try:
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=oldest.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def node_b():
        try:
            claimed.append(jobs.claim_next("node-b"))
        finally:
            connections.close_all()

    a = threading.Thread(target=node_a)
    a.start()
    assert locked.wait(10)
    b = threading.Thread(target=node_b)
    b.start()
    b.join(10)
    release.set()
    a.join(10)
    assert not b.is_alive() and claimed[0].pk == newest.pk
    assert ImportJob.objects.get(pk=oldest.pk).status == ImportJobStatus.QUEUED
