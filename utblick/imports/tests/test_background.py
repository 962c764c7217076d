"""Web imports run in the background: the request returns at once, the page follows the
progress, and a run whose worker died is failed with a reason and can be run again."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from utblick.imports.models import ImportRun, ImportStatus
from utblick.imports.services import import_run_execute
from utblick.imports.tests.files import xlsx
from utblick.registers.models import NetworkMembership

HEADERS = ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *"]
ROW = ["EUROCITIES", "Hela kommunen (flera nämnders områden)", "Kommunstyrelsen"]


@pytest.fixture(autouse=True)
def worker_in_its_own_process(settings):
    """The real queue: tasks wait in the database for `utblick db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def _queued():
    from django_tasks_db.models import DBTaskResult

    return [
        task.args_kwargs["args"]
        for task in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
    ]


def _upload(client):
    upload = SimpleUploadedFile("medlemskap.xlsx", xlsx(HEADERS, ROW))
    return client.post("/import/medlemskap/", {"file": upload})


def _as_if_the_worker_died(run: ImportRun) -> None:
    long_ago = timezone.now() - timedelta(minutes=10)
    ImportRun.objects.filter(pk=run.pk).update(started_at=long_ago, heartbeat_at=long_ago)


def test_the_upload_returns_at_once_and_the_page_follows_the_preview(alice):
    response = _upload(alice)
    run = ImportRun.objects.get()
    assert response["Location"] == f"/import/korning/{run.pk}/"
    assert run.status == ImportStatus.PREVIEWING and _queued() == [[run.pk]]
    page = alice.get(response["Location"]).content.decode()
    assert f'hx-get="/import/korning/{run.pk}/status/"' in page and "Förhandsgranskas" in page
    import_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and run.progress == 100
    fragment = alice.get(f"/import/korning/{run.pk}/status/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"  # done: the page loads the preview
    assert "Skapas: 1" in alice.get(response["Location"]).content.decode()


def test_the_confirmation_is_queued_too_and_applies_once(alice):
    _upload(alice)
    run = ImportRun.objects.get()
    import_run_execute(run.pk)
    response = alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    assert response["Location"] == f"/import/korning/{run.pk}/"
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLYING and NetworkMembership.objects.count() == 0
    import_run_execute(run.pk)
    import_run_execute(run.pk)  # a task delivered twice
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and NetworkMembership.objects.count() == 1


def test_a_run_whose_worker_died_is_failed_with_a_reason_and_runs_again_once(alice):
    _upload(alice)
    run = ImportRun.objects.get()
    import_run_execute(run.pk)
    alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    _as_if_the_worker_died(run)
    page = alice.get(f"/import/korning/{run.pk}/").content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert "Arbetsprocessen avbröts" in run.error and "Arbetsprocessen avbröts" in page
    assert "Ingenting har sparats" in page and NetworkMembership.objects.count() == 0
    before = len(_queued())
    alice.post(f"/import/korning/{run.pk}/igen/")
    alice.post(f"/import/korning/{run.pk}/igen/")  # pressed twice: queued once
    assert len(_queued()) == before + 1
    run.refresh_from_db()
    assert (run.status, run.attempt, run.error) == (ImportStatus.APPLYING, 2, "")
    import_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and NetworkMembership.objects.count() == 1


def test_an_attempt_given_up_meanwhile_keeps_nothing(alice, monkeypatch):
    from utblick.imports import services

    _upload(alice)
    run = ImportRun.objects.get()
    import_run_execute(run.pk)
    alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    original = services._execute

    def reaped_and_retried_midway(**kwargs):
        plan = original(**kwargs)
        ImportRun.objects.filter(pk=run.pk).update(attempt=2)  # another attempt owns it now
        return plan

    monkeypatch.setattr(services, "_execute", reaped_and_retried_midway)
    import_run_execute(run.pk)
    assert NetworkMembership.objects.count() == 0
    assert ImportRun.objects.get().status == ImportStatus.APPLYING


def test_a_run_that_never_started_or_ran_too_long_is_failed_by_the_command(world, settings):
    settings.TASK_TIMEOUT_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    never = ImportRun.objects.create(
        municipality=world.home,
        user=world.alice,
        register="memberships",
        file_name="a.xlsx",
        sha256="0" * 64,
        token="a" * 32,
        status=ImportStatus.PREVIEWING,
    )
    slow = ImportRun.objects.create(
        municipality=world.home,
        user=world.alice,
        register="memberships",
        file_name="b.xlsx",
        sha256="0" * 64,
        token="b" * 32,
        status=ImportStatus.APPLYING,
        phase="confirm",
        started_at=long_ago,
        heartbeat_at=timezone.now(),
    )
    ImportRun.objects.filter(pk=never.pk).update(created_at=long_ago)
    call_command("runs", "reap")
    never.refresh_from_db()
    slow.refresh_from_db()
    assert never.status == slow.status == ImportStatus.FAILED
    assert "startade aldrig" in never.error
    assert "tog längre tid än 60 sekunder" in slow.error
