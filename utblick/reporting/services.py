"""Writes for the compiled yearly report: request a run, execute it (in the worker), publish.

A run is requested in a web request and executed by the background worker (django-tasks,
database backend): the request only writes the queued run and enqueues the task. The worker
writes progress as it goes, and the file is moved into place only when it is complete.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from utblick.core import runs
from utblick.core.access import Actor, Role, require_role, scoped
from utblick.core.services import record_archive, record_create, record_update
from utblick.reporting.build import FORMATS, build_report_file
from utblick.reporting.models import PublishedReport, ReportRun, RunStatus

log = logging.getLogger(__name__)

COMPILERS = (Role.COORDINATOR, Role.ADMINISTRATOR)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def report_dir() -> Path:
    """Where generated reports are kept: settings.REPORT_DIR, else var/reports."""
    return Path(getattr(settings, "REPORT_DIR", settings.VAR_DIR / "reports"))


def run_path(run: ReportRun) -> Path | None:
    return report_dir() / run.file_name if run.file_name else None


def report_run_request(*, actor: Actor, year: int, fmt: str) -> ReportRun:
    """Queue a generation of the year's report; the executive office compiles (M2, F5)."""
    require_role(actor, *COMPILERS)
    problems = {}
    if fmt not in FORMATS:
        problems["format"] = ["Välj Word, PDF eller Excel."]
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        problems["year"] = [f"Året ska vara mellan {FIRST_YEAR} och {LAST_YEAR}."]
    if problems:
        raise ValidationError(problems)
    from utblick.reporting.tasks import build_report_task

    run = ReportRun.objects.create(
        municipality=actor.municipality,
        year=year,
        format=fmt,
        requested_by=actor.user if getattr(actor.user, "pk", None) else None,
        step="Väntar på att starta",
    )
    result = build_report_task.enqueue(run.pk)
    ReportRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def _progress(run: ReportRun):
    def report(percent: int, step: str) -> None:
        runs.check_time(run.started_at)
        ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, attempt=run.attempt).update(
            progress=max(1, min(99, percent)), step=step[:200], heartbeat_at=timezone.now()
        )

    return report


def report_runs_reap(queryset=None) -> int:
    """Fail the report runs whose worker died or that ran too long (core.runs)."""
    return runs.reap(
        queryset if queryset is not None else ReportRun.objects.all(),
        working=(RunStatus.RUNNING,),
        waiting=(RunStatus.QUEUED,),
        failed=RunStatus.FAILED,
        extra={"step": "Misslyckades"},
    )


def report_run_retry(*, actor: Actor, run: ReportRun) -> ReportRun:
    """Run a failed run again, as a new attempt; asking twice queues it once."""
    require_role(actor, *COMPILERS)
    from utblick.reporting.tasks import build_report_task

    with transaction.atomic():
        queued = (
            scoped(ReportRun, actor)
            .filter(pk=run.pk, status=RunStatus.FAILED)
            .update(
                status=RunStatus.QUEUED,
                attempt=run.attempt + 1,
                progress=0,
                step="Väntar på att starta",
                error="",
                started_at=None,
                heartbeat_at=timezone.now(),  # queued now (core.runs)
                finished_at=None,
            )
        )
        if queued:
            result = build_report_task.enqueue(run.pk)
            ReportRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def report_run_execute(run_id: int) -> ReportRun:
    """Build the run's file (in the worker). Never raises for a failed build: it is recorded."""
    report_runs_reap()  # a worker that died before this one left its runs behind
    now = timezone.now()
    claimed = ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, progress=1, step="Startar"
    )
    run = ReportRun.objects.select_related("municipality").get(pk=run_id)
    if not claimed:
        return run  # already run (a task delivered twice)
    mine = ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, attempt=run.attempt)
    relative = (
        Path(run.municipality.code)
        / f"utblick-arsrapport-{run.year}-{run.pk}-{run.attempt}.{run.format}"
    )
    try:
        with runs.heartbeat(ReportRun, run.pk, run.attempt, working=(RunStatus.RUNNING,)):
            result = build_report_file(
                run.municipality,
                run.year,
                run.format,
                report_dir() / relative,
                progress=_progress(run),
                with_public_edition=True,
            )
    except Exception as exc:
        log.exception("report run %s failed", run.pk)
        reason = str(exc) if isinstance(exc, runs.RunTimedOut) else f"{type(exc).__name__}: {exc}"
        mine.update(
            status=RunStatus.FAILED,
            error=reason[:2000],
            step="Misslyckades",
            finished_at=timezone.now(),
        )
    else:
        mine.update(
            status=RunStatus.DONE,
            progress=100,
            step="Klar",
            file_name=str(relative),
            size=result.size,
            public_data=result.public_data,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def report_publish(
    *, actor: Actor, run: ReportRun, decision_reference: str = "", decision=None
) -> PublishedReport:
    """Mark the year's report approved and publish the run's public edition.

    `decision` is the recorded matter that approved it (its body is named on the public page)."""
    require_role(actor, *COMPILERS)
    if run.municipality_id != actor.municipality.pk:
        raise ValidationError({"run": ["Körningen hör till en annan kommun."]})
    if run.status != RunStatus.DONE or not run.public_data:
        raise ValidationError({"run": ["Bara en färdig rapport kan publiceras."]})
    fields = {
        "run": run,
        "published_at": timezone.now(),
        "published_by": actor.user if getattr(actor.user, "pk", None) else None,
        "decision_reference": decision_reference.strip()[:120],
        "decision": decision,
        "archived_at": None,
        "archive_reason": "",
    }
    with transaction.atomic():
        existing = scoped(PublishedReport, actor).filter(year=run.year).first()
        if existing is None:
            return record_create(
                actor=actor,
                model=PublishedReport,
                fields={"year": run.year, **fields},
                reason=f"publicerad (körning {run.pk})",
            )
        return record_update(
            actor=actor,
            instance=existing,
            expected_version=existing.version,
            fields=fields,
            reason=f"publicerad (körning {run.pk})",
            action="publish",
        )


def report_withdraw(
    *, actor: Actor, publication: PublishedReport, expected_version: int, reason: str
) -> PublishedReport:
    """Take the year's report off the public page, with a reason that is kept."""
    require_role(actor, *COMPILERS)
    return record_archive(
        actor=actor, instance=publication, expected_version=expected_version, reason=reason
    )
