"""Background tasks of monitoring (django-tasks, database backend; scripts/serve starts the worker)."""

from django_tasks import task


@task()
def item_email_task(item_id: int, acting_user_id: int | None = None) -> int:
    """E-mail a new monitoring item to the units it concerns; the number of messages sent."""
    from utblick.monitoring.notifications import notify_units_concerned

    return notify_units_concerned(item_id=item_id, acting_user_id=acting_user_id)


@task()
def call_index_task(today: str) -> int:
    """Build and store the matching index after a calls import (unless a process that needed
    it first already did); the number of calls it covers, or -1 if it was there already."""
    import datetime as dt

    from utblick.monitoring.call_index import call_index_refresh

    index = call_index_refresh(today=dt.date.fromisoformat(today))
    return -1 if index is None else len(index.keys)
