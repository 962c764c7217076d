"""The list filters' choices (units, priority areas, programmes and countries in use), kept in
the cache per organisation so that a list page asks the database for none of them; the start
page's panels (`web.dashboard.cached_panels`) are kept the same way.

Each organisation has a generation number in the cache; every write that can change what is
kept (a record of the organisation saved or deleted, a register record written through the
services, a profile loaded, a bulk write that says so with `organisation_changed`) moves it on
(an import's batch of rows: once, when the batch ends), and what was cached under an older
generation is never read again. The cache is the instance's shared one (settings.CACHES), so
every worker sees the same generation.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from utblick.core.services import batch_collect

TIMEOUT = 24 * 3600


def _generation_key(municipality_id: int) -> str:
    return f"filter-choices:generation:{municipality_id}"


def generation(municipality_id: int) -> int:
    return cache.get(_generation_key(municipality_id), 0)


def invalidate(municipality_id: int | None) -> None:
    """Forget the organisation's cached choices: now (for the writing request itself) and
    again once the transaction commits (choices a concurrent request cached in between, from
    the data before the commit, are never read)."""
    if municipality_id is None:
        return
    pending = batch_collect("filter-choices")
    if pending is not None:
        # An import's batch moves each organisation on once, when it ends (`on_batch_written`):
        # a bump per row costs a cache write per row and tells no reader more.
        pending.append(municipality_id)
        return

    def bump() -> None:
        key = _generation_key(municipality_id)
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=None)

    bump()
    transaction.on_commit(bump)


def cached_choices(
    municipality_id: int, name: str, build: Callable[[], list[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """The choices `build()` gives, cached per organisation, generation and language."""
    key = (
        f"filter-choices:{municipality_id}:{generation(municipality_id)}:"
        f"{translation.get_language()}:{name}"
    )
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=TIMEOUT)
    return found


def on_record_written(sender, *, instance, **kwargs) -> None:
    invalidate(getattr(instance, "municipality_id", None))


def on_batch_written(sender, *, collected, **kwargs) -> None:
    """The organisations a batch wrote to, each moved on once (a row that was rolled back
    still counts: a superfluous move only costs the next list page one build)."""
    for municipality_id in sorted(set(collected.get("filter-choices", ()))):
        invalidate(municipality_id)


def on_organisation_changed(sender, *, municipality_id: int, **kwargs) -> None:
    invalidate(municipality_id)


def on_saved(sender, instance, **kwargs) -> None:
    """Any organisation's record saved or deleted one by one (its registers, units, people,
    obligations, identity provider …). A project's partners, whose countries the list offers,
    are written with their project: `record_written`. History rows change nothing shown."""
    if not hasattr(sender, "instance_type"):  # simple_history's historical models have it
        invalidate(getattr(instance, "municipality_id", None))
