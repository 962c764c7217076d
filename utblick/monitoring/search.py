"""Swedish full-text search across the registers, always within the actor's municipality.

What is searchable is kept in `SearchDocument` (one row per record, and one more per project
with lessons learned) by `index_record`, called from the `record_written` receiver, and by
`search_rebuild` (`utblick search rebuild`). The database does the searching:

* PostgreSQL: `to_tsvector('swedish', …)` with the title weighted above the body, ranked with
  `ts_rank`, snippets from `ts_headline` (django.contrib.postgres.search);
* SQLite: an FTS5 table (migration 0003, tokenizer `unicode61 remove_diacritics 0`), ranked
  with `bm25()`, snippets from `snippet()`; each word the user types matches as a prefix
  ("vänort" finds "vänorter"), which stands in for the Swedish stemming SQLite lacks.

Hits come back with the matched words marked; `snippet_html()` escapes everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Expression
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from utblick.core.access import Actor, scoped
from utblick.monitoring.models import SearchDocument

# A constant, never user input: the f-strings below that name it are not injection vectors.
FTS_TABLE = "monitoring_search_fts"
START, STOP = "\x02", "\x03"  # marks around matched words, replaced after escaping
LESSONS = "lessons"


@dataclass(frozen=True)
class Indexed:
    """How one model is searched: its kind, the fields of its text, where its page is."""

    kind: str
    label: str
    model_label: str
    title: tuple[str, ...]
    body: tuple[str, ...]
    url_name: str


INDEXED: tuple[Indexed, ...] = (
    Indexed(
        "memberships",
        _("Medlemskap"),
        "registers.NetworkMembership",
        ("organisation", "acronym"),
        ("purpose", "review_notes", "registry_number"),
        "web:memberships_detail",
    ),
    Indexed(
        "partnerships",
        _("Partnerskap och avtal"),
        "registers.Partnership",
        ("title",),
        (
            "counterpart",
            "counterpart_city",
            "scope",
            "stated_benefit",
            "description",
            "legal_ground",
        ),
        "web:partnerships_detail",
    ),
    Indexed(
        "applications",
        _("Ansökningar och projekt"),
        "registers.FundingApplication",
        ("title", "acronym"),
        (
            "description",
            "call_identifier",
            "call_title",
            "other_funder",
            "results",
            "operations_handover",
        ),
        "web:applications_detail",
    ),
    Indexed(
        LESSONS,
        _("Lärdomar"),
        "registers.FundingApplication",
        ("title", "acronym"),
        ("lessons_learned",),
        "web:applications_detail",
    ),
    Indexed(
        "visits",
        _("Besök och resor"),
        "registers.Visit",
        ("title",),
        ("counterpart", "city", "purpose", "outcome"),
        "web:visits_detail",
    ),
    Indexed(
        "matters",
        _("Ärenden och beslut"),
        "registers.Matter",
        ("title", "registry_number"),
        (
            "initiator",
            "proposed_decision",
            "decision_text",
            "background",
            "assessment",
            "goal_consequences",
            "legal_ground",
        ),
        "web:matters_detail",
    ),
    Indexed(
        "activities",
        _("Aktiviteter"),
        "planning.Activity",
        ("title",),
        ("description", "outcome"),
        "web:activities_detail",
    ),
    Indexed(
        "monitoring",
        _("Omvärldsbevakning"),
        "monitoring.MonitoringItem",
        ("title", "reference"),
        ("summary", "impact_assessment", "response"),
        "monitoring:item_detail",
    ),
)
BY_KIND = {spec.kind: spec for spec in INDEXED}


def _specs_for(model) -> list[Indexed]:
    label = model._meta.label
    return [spec for spec in INDEXED if spec.model_label == label]


def is_indexed(model) -> bool:
    return bool(_specs_for(model))


def _text(instance, names: Iterable[str]) -> str:
    return "\n".join(str(v) for v in (getattr(instance, name, "") for name in names) if v)


# --- Keeping the index --------------------------------------------------------------------


def _document(spec: Indexed, instance) -> SearchDocument | None:
    """The record's search document of this kind; a project without lessons learned has no
    lessons document."""
    body = _text(instance, spec.body)
    if spec.kind == LESSONS and not body.strip():
        return None
    return SearchDocument(
        municipality_id=instance.municipality_id,
        kind=spec.kind,
        object_id=instance.pk,
        title=_text(instance, spec.title).replace("\n", " – ")[:500],
        body=body,
        archived=getattr(instance, "archived_at", None) is not None,
    )


def index_record(instance) -> None:
    """Write (or refresh) the search documents of one record."""
    for spec in _specs_for(type(instance)):
        document = _document(spec, instance)
        if document is None:
            _drop(spec.kind, instance.pk)
        else:
            _store(document)


def index_records(written: Iterable[tuple[type, int]]) -> None:
    """The search documents of many records at once (an import's batch of rows, by model and
    id), as they are stored: a row rolled back since is not indexed. A fixed number of
    queries per model, not per record."""
    by_model: dict[type, set[int]] = {}
    for model, pk in written:
        by_model.setdefault(model, set()).add(pk)
    for model, pks in by_model.items():
        specs = _specs_for(model)
        names = {name for spec in specs for name in (*spec.title, *spec.body)}
        stored = list(
            model._default_manager.filter(pk__in=pks).only("municipality_id", "archived_at", *names)
        )
        for spec in specs:
            documents, empty = [], []
            for instance in stored:
                document = _document(spec, instance)
                if document is None:
                    empty.append(instance.pk)
                else:
                    documents.append(document)
            _store_many(spec.kind, documents, empty)


def _store_many(kind: str, documents: list[SearchDocument], empty: list[int]) -> None:
    """`_store` and `_drop` for many records of one kind."""
    existing = dict(
        SearchDocument.objects.filter(
            kind=kind, object_id__in=[d.object_id for d in documents] + empty
        ).values_list("object_id", "pk")
    )
    dropped = [existing[object_id] for object_id in empty if object_id in existing]
    if dropped:
        SearchDocument.objects.filter(pk__in=dropped).delete()
    changed = [d for d in documents if d.object_id in existing]
    now = timezone.now()
    for document in changed:
        document.pk = existing[document.object_id]
        document.updated_at = now
    fields = ("municipality_id", "title", "body", "archived", "updated_at")
    SearchDocument.objects.bulk_update(changed, fields)
    SearchDocument.objects.bulk_create([d for d in documents if d.object_id not in existing])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if dropped:
                cursor.executemany(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                    [[pk] for pk in dropped],
                )
            if documents:
                cursor.executemany(
                    f"INSERT OR REPLACE INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                    [[d.pk, d.title, d.body] for d in documents],
                )


def _store(document: SearchDocument) -> None:
    existing = (
        SearchDocument.objects.filter(kind=document.kind, object_id=document.object_id)
        .values_list("pk", flat=True)
        .first()
    )
    fields = ("municipality_id", "title", "body", "archived")
    if existing:
        document.pk = existing
        document.save(update_fields=[*fields, "updated_at"])
    else:
        document.save(force_insert=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT OR REPLACE INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                [document.pk, document.title, document.body],
            )


def _drop(kind: str, object_id) -> None:
    ids = list(
        SearchDocument.objects.filter(kind=kind, object_id=object_id).values_list("pk", flat=True)
    )
    if not ids:
        return
    SearchDocument.objects.filter(pk__in=ids).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [ids[0]])  # noqa: S608


def search_rebuild(*, batch_size: int = 500) -> int:
    """Rebuild every search document (and, on SQLite, the FTS table) from the registers."""
    from django.apps import apps

    count = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        for spec in INDEXED:
            model = apps.get_model(spec.model_label)
            fields = {"pk", "municipality_id", "archived_at", *spec.title, *spec.body}
            documents = []
            for instance in model.objects.only(*fields - {"pk"}).iterator(chunk_size=batch_size):
                document = _document(spec, instance)
                if document is not None:
                    documents.append(document)
            SearchDocument.objects.bulk_create(documents, batch_size=batch_size)
            count += len(documents)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}(rowid, title, body) "  # noqa: S608
                    "SELECT id, title, body FROM monitoring_searchdocument"
                )
    return count


# --- Searching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    title: str  # with START/STOP marks
    snippet: str  # with START/STOP marks
    archived: bool
    rank: float

    @property
    def kind_label(self) -> str:
        spec = BY_KIND.get(self.kind)
        return str(spec.label) if spec else self.kind

    @property
    def url(self) -> str:
        spec = BY_KIND.get(self.kind)
        if spec is None:
            return ""
        try:
            return reverse(spec.url_name, args=[self.object_id])
        except NoReverseMatch:
            return ""

    @property
    def title_html(self) -> SafeString:
        return snippet_html(self.title)

    @property
    def snippet_html(self) -> SafeString:
        return snippet_html(self.snippet)


def snippet_html(text: str) -> SafeString:
    """Escape the text, then turn the match marks into <mark> elements."""
    escaped = str(escape(text))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


_WORDS = re.compile(r"\w+", re.UNICODE)


def query_words(text: str) -> list[str]:
    return [w for w in _WORDS.findall(text.lower()) if w][:12]


def search(actor: Actor, text: str, *, kind: str | None = None, limit: int = 50) -> list[SearchHit]:
    """The best hits for `text` among the actor's municipality's records, best first."""
    if not query_words(text):
        return []
    documents = scoped(SearchDocument, actor)
    if kind:
        documents = documents.filter(kind=kind)
    if connection.vendor == "postgresql":
        return _search_postgresql(documents, text, limit)
    return _search_sqlite(documents, text, limit)


def _search_sqlite(documents, text: str, limit: int) -> list[SearchHit]:
    match = " ".join(f'"{word}"*' for word in query_words(text))
    allowed_sql, allowed_params = documents.order_by().values("id").query.sql_with_params()
    sql = f"""
        SELECT d.kind, d.object_id, d.archived,
               highlight({FTS_TABLE}, 0, %s, %s),
               snippet({FTS_TABLE}, 1, %s, %s, '…', 24),
               bm25({FTS_TABLE}, 5.0, 1.0) AS score
        FROM {FTS_TABLE}
        JOIN monitoring_searchdocument d ON d.id = {FTS_TABLE}.rowid
        WHERE {FTS_TABLE} MATCH %s AND d.id IN ({allowed_sql})
        ORDER BY score, d.id
        LIMIT %s
    """  # noqa: S608 - the table name is a constant; values are parameters
    params = [START, STOP, START, STOP, match, *allowed_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        SearchHit(kind, object_id, title, snippet, bool(archived), -score)
        for kind, object_id, archived, title, snippet, score in rows
    ]


class StoredVector(Expression):
    """The search document's stored vector (PostgreSQL only; migration 0004)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(SearchDocument._meta.db_table)
        return f"{table}.search_vector", []


def _search_postgresql(documents, text: str, limit: int) -> list[SearchHit]:
    """Match and rank on the stored vector (GIN-indexed, migration 0004); the highlights are
    made only for the hits shown."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    query = SearchQuery(text, config="swedish", search_type="websearch")
    ranked = (
        documents.annotate(search=StoredVector(), rank=SearchRank(StoredVector(), query))
        .filter(search=query)
        .order_by("-rank", "id")
        .values_list("id", "rank")[:limit]
    )
    ranks = dict(ranked)
    if not ranks:
        return []
    options = {"start_sel": START, "stop_sel": STOP, "config": "swedish"}
    rows = (
        SearchDocument.objects.filter(pk__in=ranks)
        .annotate(
            title_marked=SearchHeadline("title", query, highlight_all=True, **options),
            snippet=SearchHeadline(
                "body",
                query,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **options,
            ),
        )
        .values_list("id", "kind", "object_id", "archived", "title_marked", "snippet")
    )
    hits = [
        SearchHit(kind, object_id, title, snippet, archived, float(ranks[pk]))
        for pk, kind, object_id, archived, title, snippet in rows
    ]
    order = {pk: n for n, pk in enumerate(ranks)}
    by_id = dict(zip((row[0] for row in rows), hits, strict=True))
    return [by_id[pk] for pk in sorted(by_id, key=order.__getitem__)]
