"""The compiled report as a background task: progress, failure without a file, downloads."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from utblick.factories import ApplicationFactory
from utblick.reporting import build, services
from utblick.reporting.models import ReportRun

pytestmark = pytest.mark.django_db
YEAR = 2025


def test_ordering_a_report_queues_it_and_returns_at_once(world, signed_in):
    from django_tasks_db.models import DBTaskResult

    alice = signed_in(world.alice)
    response = alice.post("/uppfoljning/arsrapport/ny/", {"year": YEAR, "format": "pdf"})
    run = ReportRun.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/uppfoljning/arsrapport/korning/{run.pk}/"
    )
    assert (run.status, run.file_name, run.requested_by) == ("queued", "", world.alice)
    task = DBTaskResult.objects.get()
    assert task.task_path == "utblick.reporting.tasks.build_report_task"
    assert task.args_kwargs["args"] == [run.pk]
    # The worker runs the same function:
    run = services.report_run_execute(run.pk)
    assert run.status == "done" and services.run_path(run).is_file()


def test_the_run_page_polls_while_the_run_is_unfinished_and_works_without_javascript(
    world, signed_in
):
    run = ReportRun.objects.create(municipality=world.home, year=YEAR, format="pdf", step="Väntar")
    alice = signed_in(world.alice)
    page = alice.get(f"/uppfoljning/arsrapport/korning/{run.pk}/").content.decode()
    assert f'hx-get="/uppfoljning/arsrapport/korning/{run.pk}/status/"' in page
    assert 'hx-trigger="every 2s"' in page
    assert f'href="/uppfoljning/arsrapport/korning/{run.pk}/"' in page  # a plain refresh link
    ReportRun.objects.filter(pk=run.pk).update(status="running", progress=45, step="Ritar diagram")
    fragment = alice.get(f"/uppfoljning/arsrapport/korning/{run.pk}/status/").content.decode()
    assert "Ritar diagram" in fragment and 'value="45"' in fragment and "every 2s" in fragment
    services.report_run_execute(run.pk)  # queued → it was never claimed; nothing happens
    ReportRun.objects.filter(pk=run.pk).update(status="done", progress=100)
    fragment = alice.get(f"/uppfoljning/arsrapport/korning/{run.pk}/status/").content.decode()
    assert "hx-trigger" not in fragment and "Ladda ner" in fragment


def test_progress_is_written_as_the_run_goes(world, monkeypatch):
    run = ReportRun.objects.create(municipality=world.home, year=YEAR, format="xlsx")
    seen = []
    original = services._progress

    def watching(claimed):
        report = original(claimed)

        def progress(percent, step):
            report(percent, step)
            row = ReportRun.objects.get(pk=claimed.pk)
            seen.append((row.status, row.progress, row.step))

        return progress

    monkeypatch.setattr(services, "_progress", watching)
    run = services.report_run_execute(run.pk)
    assert run.status == "done" and run.progress == 100 and run.step == "Klar"
    assert all(status == "running" for status, _, _ in seen)
    percents = [p for _, p, _ in seen]
    assert percents == sorted(percents) and len(percents) >= 4
    assert seen[0][2] == "Hämtar uppgifter ur registren"
    assert run.public_data["edition"] == "public" and run.size > 0


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_a_failing_step_leaves_no_file(world, monkeypatch, report_dir, fmt):
    def half_written(document, out):
        out.write(b"%PDF-1.7 half a report")
        raise RuntimeError("the renderer broke")

    monkeypatch.setitem(build.RENDERERS, fmt, half_written)
    run = ReportRun.objects.create(municipality=world.home, year=YEAR, format=fmt)
    run = services.report_run_execute(run.pk)
    assert run.status == "failed" and "the renderer broke" in run.error
    assert run.file_name == "" and run.finished_at is not None
    files = [p for p in Path(report_dir).rglob("*") if p.is_file()]
    assert files == []


def test_a_failure_gathering_the_data_is_recorded_too(world, monkeypatch, report_dir):
    def broken(*args, **kwargs):
        raise ValueError("registers unreadable")

    monkeypatch.setattr(build, "build_report_data", broken)
    run = services.report_run_execute(
        ReportRun.objects.create(municipality=world.home, year=YEAR, format="pdf").pk
    )
    assert run.status == "failed" and "registers unreadable" in run.error
    assert not any(p.is_file() for p in Path(report_dir).rglob("*"))


def test_a_failed_build_keeps_an_earlier_file_intact(world, monkeypatch, tmp_path):
    target = tmp_path / "rapport.xlsx"
    build.build_report_file(world.home, YEAR, "xlsx", target)
    first = target.read_bytes()

    def broken(document, out):
        out.write(b"garbage")
        raise RuntimeError("boom")

    monkeypatch.setitem(build.RENDERERS, "xlsx", broken)
    with pytest.raises(RuntimeError):
        build.build_report_file(world.home, YEAR, "xlsx", target)
    assert target.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.xlsx"]


def test_with_the_immediate_backend_the_run_is_done_when_the_page_opens(
    world, signed_in, immediate_tasks
):
    ApplicationFactory(
        municipality=world.home, unit=world.committee, status="submitted", submitted_on="2025-03-01"
    )
    alice = signed_in(world.alice)
    response = alice.post(
        "/uppfoljning/arsrapport/ny/", {"year": YEAR, "format": "xlsx"}, follow=True
    )
    run = ReportRun.objects.get()
    assert run.status == "done"
    assert "Klar." in response.content.decode()
    download = alice.get(f"/uppfoljning/arsrapport/korning/{run.pk}/fil/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Finansiering" in workbook.sheetnames


def test_downloads_are_for_the_municipalitys_users_only(world, signed_in, client):
    run = services.report_run_execute(
        ReportRun.objects.create(municipality=world.home, year=YEAR, format="xlsx").pk
    )
    address = f"/uppfoljning/arsrapport/korning/{run.pk}/fil/"
    for user in (world.alice, world.bob, world.carol):
        assert signed_in(user).get(address).status_code == 200
    assert signed_in(world.mallory).get(address).status_code == 404
    assert (
        signed_in(world.mallory).get(f"/uppfoljning/arsrapport/korning/{run.pk}/").status_code
        == 404
    )
    assert client.get(address).status_code == 302


def test_only_the_executive_office_orders_and_publishes(world, signed_in):
    assert (
        signed_in(world.carol)
        .post("/uppfoljning/arsrapport/ny/", {"year": YEAR, "format": "pdf"})
        .status_code
        == 403
    )
    assert (
        signed_in(world.bob)
        .post("/uppfoljning/arsrapport/ny/", {"year": YEAR, "format": "pdf"})
        .status_code
        == 403
    )
    assert not ReportRun.objects.exists()
    with pytest.raises(PermissionDenied):
        services.report_run_request(actor=world.actor(world.bob), year=YEAR, fmt="pdf")


def test_the_yearly_page_lists_runs_in_a_fixed_number_of_queries(world, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from utblick.reporting.tests.helpers import statements

    alice = signed_in(world.alice)
    ReportRun.objects.create(
        municipality=world.home, year=YEAR, format="pdf", requested_by=world.alice
    )
    alice.get(f"/uppfoljning/arsrapport/?ar={YEAR}")
    with CaptureQueriesContext(connection) as few:
        page = alice.get(f"/uppfoljning/arsrapport/?ar={YEAR}")
    assert "Ta fram rapporten" in page.content.decode()
    for _ in range(10):
        ReportRun.objects.create(
            municipality=world.home, year=YEAR, format="docx", requested_by=world.bob
        )
    with CaptureQueriesContext(connection) as many:
        alice.get(f"/uppfoljning/arsrapport/?ar={YEAR}")
    # session, user, roles, actor, publication, runs (with who ordered them)
    assert statements(few) == statements(many) == 6


def test_the_command_line_builds_the_same_report(world, tmp_path, capsys):
    output = tmp_path / "ut" / "rapport.xlsx"
    call_command(
        "report",
        "build",
        "--municipality",
        "9001",
        "--year",
        str(YEAR),
        "--format",
        "xlsx",
        "--output",
        str(output),
        "--quiet",
    )
    assert output.is_file()
    assert "Sammanfattning" in openpyxl.load_workbook(output).sheetnames
    assert re.search(r"Testkommun A 2025: .*rapport\.xlsx", capsys.readouterr().out)
    with pytest.raises(CommandError, match="fyra siffror"):
        call_command(
            "report",
            "build",
            "--municipality",
            "901",
            "--year",
            "2025",
            "--format",
            "pdf",
            "--output",
            str(output),
        )
    with pytest.raises(CommandError, match="ingen kommun"):
        call_command(
            "report",
            "build",
            "--municipality",
            "0114",
            "--year",
            "2025",
            "--format",
            "pdf",
            "--output",
            str(output),
        )


def test_a_run_whose_worker_died_is_failed_on_its_page_and_runs_again_once(world, signed_in):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    long_ago = timezone.now() - timedelta(minutes=10)
    run = ReportRun.objects.create(
        municipality=world.home,
        year=YEAR,
        format="xlsx",
        status="running",
        started_at=long_ago,
        heartbeat_at=long_ago,
        progress=40,
    )
    alice = signed_in(world.alice)
    page = alice.get(f"/uppfoljning/arsrapport/korning/{run.pk}/").content.decode()
    run.refresh_from_db()
    assert run.status == "failed" and "Arbetsprocessen avbröts" in run.error
    assert "Det gick inte att ta fram rapporten" in page and "Försök igen" in page
    for _ in range(2):  # pressed twice: queued once
        response = alice.post(f"/uppfoljning/arsrapport/korning/{run.pk}/igen/")
        assert response["Location"] == f"/uppfoljning/arsrapport/korning/{run.pk}/"
    assert DBTaskResult.objects.count() == 1
    run.refresh_from_db()
    assert (run.status, run.attempt, run.error, run.progress) == ("queued", 2, "", 0)
    run = services.report_run_execute(run.pk)
    assert run.status == "done" and run.file_name.endswith(f"-{run.pk}-2.xlsx")


def test_readers_cannot_run_a_report_again(world, signed_in):
    run = ReportRun.objects.create(
        municipality=world.home, year=YEAR, format="pdf", status="failed"
    )
    response = signed_in(world.carol).post(f"/uppfoljning/arsrapport/korning/{run.pk}/igen/")
    assert response.status_code == 403


def test_the_yearly_page_has_one_year_selector_that_shows_the_year_it_is_about(world, signed_in):
    alice = signed_in(world.alice)
    last_year = timezone.localdate().year - 1
    html = alice.get("/uppfoljning/arsrapport/").content.decode()
    assert html.count('name="ar"') == 1 and 'name="year"' in html
    assert re.search(rf'<option value="{last_year}" selected>', html)
    assert re.search(rf'<input type="hidden" name="year" value="{last_year}"', html)
    html = alice.get("/uppfoljning/arsrapport/?ar=2024").content.decode()
    assert re.search(r'<option value="2024" selected>', html)
    assert re.search(r'<input type="hidden" name="year" value="2024"', html)
    assert "Ta fram rapporten för 2024" in html


def test_a_refused_order_returns_to_the_year_it_was_for(world, signed_in):
    response = signed_in(world.alice).post(
        "/uppfoljning/arsrapport/ny/", {"year": "2024", "format": "nonsense"}
    )
    assert response["Location"] == "/uppfoljning/arsrapport/?ar=2024"
