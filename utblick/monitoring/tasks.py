"""Background tasks of monitoring (django-tasks, database backend; scripts/serve starts the worker)."""

from django_tasks import task


@task()
def item_email_task(item_id: int, acting_user_id: int | None = None) -> int:
    """E-mail a new monitoring item to the units it concerns; the number of messages sent."""
    from utblick.monitoring.notifications import notify_units_concerned

    return notify_units_concerned(item_id=item_id, acting_user_id=acting_user_id)
