"""Background work (django-tasks, database backend; `utblick db_worker` runs it)."""

from django_tasks import task


@task()
def build_report_task(run_id: int) -> str:
    """Generate one queued report run; returns its final status (done or failed)."""
    from utblick.reporting.services import report_run_execute

    return report_run_execute(run_id).status
