"""Background runs that cannot get stuck: a heartbeat while a worker works, a timeout, and a
reaper that marks a run whose worker died (or that ran too long) as failed, with a reason.

A run is a row with `status`, `started_at`, `heartbeat_at`, `finished_at`, `error` and
`attempt` (the report runs and the web imports). The worker claims it (one conditional
update), beats every TASK_HEARTBEAT_SECONDS from a thread of its own while it works, and
writes the outcome with a conditional update on the attempt it claimed, so a run that was
reaped and retried meanwhile is never overwritten by the attempt that was given up.

A worker killed mid-run stops beating; the run is failed once its heartbeat is older than
TASK_STALE_SECONDS, by whichever comes first: the next task any worker starts, the run's own
status page, or `utblick runs reap` (cron). Nothing partial is exposed meanwhile: a report's
file is moved into place only when complete, an import is one transaction.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, models
from django.utils import timezone

log = logging.getLogger(__name__)

DIED = "Arbetsprocessen avbröts (inget livstecken på {seconds} sekunder). Försök igen."
TIMED_OUT = "Körningen tog längre tid än {seconds} sekunder och avbröts. Försök igen."
NEVER_STARTED = "Körningen startade aldrig (ingen arbetsprocess tog den). Försök igen."


def heartbeat_seconds() -> float:
    return float(getattr(settings, "TASK_HEARTBEAT_SECONDS", 3))


def stale_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "TASK_STALE_SECONDS", 120)))


def timeout() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "TASK_TIMEOUT_SECONDS", 1800)))


class RunTimedOut(Exception):
    """Raised inside a run that has gone on longer than TASK_TIMEOUT_SECONDS."""


def check_time(started_at) -> None:
    """Give up a run that has gone on too long (called between its steps)."""
    if started_at and timezone.now() - started_at > timeout():
        raise RunTimedOut(TIMED_OUT.format(seconds=int(timeout().total_seconds())))


@contextmanager
def heartbeat(
    model: type[models.Model],
    pk: int,
    attempt: int,
    *,
    working: tuple[str, ...],
    state: dict | None = None,
) -> Iterator[None]:
    """Beat for the run from a thread (and database connection) of its own while the block
    runs. `state` holds fields to write with each beat, such as the progress of work that
    runs inside one long transaction, which its own connection could not show until the end."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_seconds()):
                try:
                    model._default_manager.filter(
                        pk=pk, attempt=attempt, status__in=working
                    ).update(heartbeat_at=timezone.now(), **dict(state or {}))
                except DatabaseError:
                    # SQLite: the run's own long write transaction holds the lock; the next
                    # beat gets through (TASK_STALE_SECONDS is longer than any such write).
                    log.debug("heartbeat of %s %s postponed", model.__name__, pk)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def reap(
    queryset: models.QuerySet,
    *,
    working: tuple[str, ...],
    waiting: tuple[str, ...],
    failed: str,
    extra: dict | None = None,
) -> int:
    """Fail the runs among `queryset` whose worker died, that ran too long, or that no worker
    ever started; returns how many. A run has started once `started_at` is set; until then
    `heartbeat_at`, where set, is when it was queued (a retry, a confirmation)."""
    now = timezone.now()
    outcome = {"status": failed, "finished_at": now, **(extra or {})}
    stale_seconds = int(stale_after().total_seconds())
    limit_seconds = int(timeout().total_seconds())
    started = queryset.filter(status__in=working, started_at__isnull=False)
    died = started.filter(
        models.Q(heartbeat_at__lt=now - stale_after())
        | models.Q(heartbeat_at__isnull=True, started_at__lt=now - stale_after())
    )
    count = died.update(error=DIED.format(seconds=stale_seconds), **outcome)
    too_long = started.filter(started_at__lt=now - timeout())
    count += too_long.update(error=TIMED_OUT.format(seconds=limit_seconds), **outcome)
    never = queryset.filter(status__in=waiting, started_at__isnull=True).filter(
        models.Q(heartbeat_at__lt=now - timeout())
        | models.Q(heartbeat_at__isnull=True, created_at__lt=now - timeout())
    )
    count += never.update(error=NEVER_STARTED, **outcome)
    return count


def reap_quietly(reaper, *args, **kwargs) -> int:
    """Reap where a reader happens to look (a status page): never fail the page for it."""
    try:
        return reaper(*args, **kwargs)
    except DatabaseError:
        log.warning("reaping postponed: the database is busy", exc_info=True)
        close_old_connections()
        return 0
