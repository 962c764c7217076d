"""The matching index over the current calls: built once per calls import, stored, shared.

Building it (stemming every call's words) takes seconds for ten thousand calls, so it is not
built by the process that happens to need it: a calls import that changed calls queues
`call_index_task`, and the background worker builds it (`call_index_refresh`) and stores it
as a `CallIndexSnapshot`, keyed by the calls' generation (the demo data stores it itself). Every process that matches (web workers, the background worker, commands) loads the
snapshot of the current generation once and keeps it in memory, keyed by that generation and
the day.

A later day's current calls are a subset of the stored ones: the index is cut down to them
(`CallIndex.subset`, equal to an index built from them alone) without reading a call. Only
when no usable snapshot exists — a fresh install, calls written outside an import, an earlier
day than the snapshot's, an unreadable snapshot — is the index built here, and then stored
once for every other process.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import zlib

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from utblick.monitoring.matching import CallIndex, CallText
from utblick.monitoring.models import CallIndexSnapshot, FundingCall

log = logging.getLogger(__name__)


def calls_generation() -> str:
    """What changes whenever any call is added, changed by an import or removed (one query)."""
    stamp = FundingCall.objects.aggregate(
        count=Count("pk"), last_id=Max("pk"), latest=Max("updated_at")
    )
    latest = stamp["latest"].isoformat() if stamp["latest"] else "-"
    return f"{stamp['count']}:{stamp['last_id'] or 0}:{latest}"


def _current(today: dt.date):
    # The order is the index's document order, so that ties rank the same on every path.
    return FundingCall.objects.current(today).order_by("deadline", "identifier", "pk")


# What matching reads of a call, in `call_text`'s order.
TEXT_FIELDS = ("pk", "title", "call_title", "keywords", "tags", "description")


def call_text(call) -> CallText:
    """What matching reads of a call: a FundingCall, or its TEXT_FIELDS as a tuple."""
    if isinstance(call, tuple):
        pk, title, call_title, keywords, tags, description = call
    else:
        pk, title, call_title, keywords, tags, description = (
            getattr(call, name) for name in TEXT_FIELDS
        )
    return CallText(
        key=pk,
        title=title,
        call_title=call_title,
        keywords=tuple(keywords or ()),
        tags=tuple(tags or ()),
        description=description,
    )


def call_index_build(today: dt.date) -> CallIndex:
    """The index over the calls current on `today`, read from the calls themselves."""
    rows = _current(today).values_list(*TEXT_FIELDS)
    return CallIndex(call_text(row) for row in rows.iterator(chunk_size=2000))


def encode(index: CallIndex) -> bytes:
    return zlib.compress(json.dumps(index.to_data(), separators=(",", ":")).encode(), 1)


def decode(data: bytes | memoryview) -> CallIndex:
    """ValueError for anything that is not a stored index of this version."""
    try:
        return CallIndex.from_data(json.loads(zlib.decompress(bytes(data))))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable call index: {exc}") from exc


def call_index_store(*, today: dt.date) -> CallIndex:
    """Build the index over the calls current on `today` and store it for every process, in
    place of any older generation's. Called when a calls import has written its calls."""
    generation = calls_generation()
    index = call_index_build(today)
    _save(generation, today, index)
    _MEMO.put((generation, today), index)
    return index


def call_index_refresh(*, today: dt.date) -> CallIndex | None:
    """`call_index_store`, unless this generation's index is stored already (None then)."""
    if CallIndexSnapshot.objects.filter(generation=calls_generation()).exists():
        return None
    return call_index_store(today=today)


def _save(generation: str, today: dt.date, index: CallIndex) -> None:
    try:
        with transaction.atomic():
            CallIndexSnapshot.objects.all().delete()  # one generation's index is kept
            CallIndexSnapshot.objects.create(
                generation=generation, day=today, calls=len(index.keys), data=encode(index)
            )
    except IntegrityError:
        # Another process stored this generation's index at the same moment: theirs serves.
        log.info("call index of generation %s stored by another process", generation)


def _load(generation: str, today: dt.date) -> CallIndex | None:
    """The stored index cut down to the calls current on `today`, if it covers them."""
    snapshot = (
        CallIndexSnapshot.objects.filter(generation=generation).values_list("data", flat=True)
    ).first()
    if snapshot is None:
        return None
    try:
        stored = decode(snapshot)
    except ValueError as exc:
        log.warning("stored call index of generation %s rebuilt: %s", generation, exc)
        return None
    keys = list(_current(today).values_list("pk", flat=True))
    if not stored.covers(keys):
        return None
    return stored.subset(keys)


class _Memo:
    """The index this process uses, for one (generation, day) at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, dt.date] | None = None
        self._index: CallIndex | None = None

    def get(self, key: tuple[str, dt.date]) -> CallIndex | None:
        with self._lock:
            return self._index if self._key == key else None

    def put(self, key: tuple[str, dt.date], index: CallIndex) -> None:
        with self._lock:
            self._key, self._index = key, index

    def clear(self) -> None:
        with self._lock:
            self._key, self._index = None, None


_MEMO = _Memo()


def call_index_current(today: dt.date) -> CallIndex:
    """The index over the calls current on `today`: from this process's memory, else from the
    stored snapshot, else built and stored (once, for every process)."""
    generation = calls_generation()
    key = (generation, today)
    index = _MEMO.get(key)
    if index is not None:
        return index
    index = _load(generation, today)
    if index is None:
        index = call_index_build(today)
        _save(generation, today, index)
    _MEMO.put(key, index)
    return index


def forget_in_process() -> None:
    """Drop this process's copy (as a newly started worker has none)."""
    _MEMO.clear()
