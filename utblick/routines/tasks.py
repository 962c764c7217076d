"""Background tasks (django-tasks, database backend; the worker is started by scripts/serve).

Schedule them from cron, e.g. every night at 02:15 and the digest at 06:30 on weekdays:

    15 2 * * *   cd /srv/utblick && .venv/bin/utblick routines run
    30 6 * * 1-5 cd /srv/utblick && .venv/bin/utblick routines digest

or enqueue them from code: `routines_sweep_task.enqueue()`.
"""

import datetime as dt

from django_tasks import task

from utblick.organisation.models import Municipality


@task()
def routines_sweep_task(municipality_code: str | None = None, today: str | None = None) -> dict:
    from utblick.routines.services import routines_run, routines_run_all

    day = dt.date.fromisoformat(today) if today else None
    if municipality_code:
        results = [routines_run(Municipality.objects.get(code=municipality_code), day)]
    else:
        results = routines_run_all(day)
    return {r.municipality: r.summary() for r in results}


@task()
def notifications_email_task(notification_ids: list[int]) -> int:
    """E-mail new obligations' notifications (queued when the write that created them commits)."""
    from utblick.routines.notifications import notifications_email

    return notifications_email(notification_ids)


@task()
def routines_digest_task(today: str | None = None) -> int:
    from utblick.routines.notifications import routines_digest

    return routines_digest(today=dt.date.fromisoformat(today) if today else None).sent
