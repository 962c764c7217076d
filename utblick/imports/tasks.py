"""Background work of the web imports (django-tasks, database backend; `utblick db_worker`)."""

from django_tasks import task


@task()
def import_run_task(run_id: int) -> str:
    """Preview or import one uploaded file; returns the run's status afterwards."""
    from utblick.imports.services import import_run_execute

    return import_run_execute(run_id).status
