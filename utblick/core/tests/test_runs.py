"""Background runs: the heartbeat beats from its own thread while the work goes on, and stops
with it; a run that stops beating is failed by the reaper (core.runs)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from utblick.core import runs
from utblick.factories import MunicipalityFactory
from utblick.reporting.models import ReportRun, RunStatus
from utblick.reporting.services import report_runs_reap


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_beats_while_the_work_goes_on_and_stops_after(settings):
    from utblick.reference.services import load_reference_data

    settings.TASK_HEARTBEAT_SECONDS = 0.05
    run = ReportRun.objects.create(
        municipality=MunicipalityFactory(), year=2025, format="pdf", status=RunStatus.RUNNING
    )
    with runs.heartbeat(ReportRun, run.pk, run.attempt, working=(RunStatus.RUNNING,)):
        time.sleep(0.3)
        first = ReportRun.objects.get(pk=run.pk).heartbeat_at
        time.sleep(0.3)
        second = ReportRun.objects.get(pk=run.pk).heartbeat_at
    assert first is not None and second > first
    time.sleep(0.2)
    assert ReportRun.objects.get(pk=run.pk).heartbeat_at == second  # stopped with the work
    load_reference_data()  # the flush after this test empties what the session loaded


def test_a_run_that_stopped_beating_is_failed_and_one_that_beats_is_not(world, settings):
    settings.TASK_STALE_SECONDS = 30
    now = timezone.now()
    stopped = ReportRun.objects.create(
        municipality=world.home,
        year=2025,
        format="pdf",
        status=RunStatus.RUNNING,
        started_at=now - timedelta(minutes=2),
        heartbeat_at=now - timedelta(seconds=31),
    )
    beating = ReportRun.objects.create(
        municipality=world.home,
        year=2025,
        format="pdf",
        status=RunStatus.RUNNING,
        started_at=now - timedelta(minutes=2),
        heartbeat_at=now - timedelta(seconds=5),
    )
    assert report_runs_reap() == 1
    stopped.refresh_from_db()
    beating.refresh_from_db()
    assert stopped.status == RunStatus.FAILED and beating.status == RunStatus.RUNNING
    assert stopped.error == (
        "Arbetsprocessen avbröts (inget livstecken på 30 sekunder). Försök igen."
    )
    assert stopped.finished_at is not None


def test_a_run_queued_again_long_after_it_was_made_is_not_taken_for_one_never_started(
    world, settings
):
    settings.TASK_TIMEOUT_SECONDS = 60
    long_ago = timezone.now() - timedelta(hours=3)
    retried = ReportRun.objects.create(
        municipality=world.home, year=2025, format="pdf", heartbeat_at=timezone.now()
    )
    forgotten = ReportRun.objects.create(municipality=world.home, year=2025, format="pdf")
    ReportRun.objects.filter(pk__in=[retried.pk, forgotten.pk]).update(created_at=long_ago)
    assert report_runs_reap() == 1
    retried.refresh_from_db()
    forgotten.refresh_from_db()
    assert retried.status == RunStatus.QUEUED
    assert forgotten.status == RunStatus.FAILED and "startade aldrig" in forgotten.error
