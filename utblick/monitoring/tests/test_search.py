"""Swedish full-text search across the registers — runs on SQLite (FTS5) and PostgreSQL
('swedish'), always within the actor's municipality."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.core.services import record_archive, record_create, record_update
from utblick.monitoring.models import MonitoringItem, SearchDocument
from utblick.monitoring.search import search
from utblick.planning.models import Activity
from utblick.registers.models import FundingApplication, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    alice = world.actor(world.alice)
    twin = record_create(
        actor=alice,
        model=Partnership,
        fields={
            "kind": "twin_town",
            "title": "Vänort i Estland",
            "counterpart": "Tartu",
            "country_id": "EE",
            "unit": world.board,
            "description": "Samarbete kring skolutbyten och kultur mellan våra städer.",
        },
    )
    project = record_create(
        actor=alice,
        model=FundingApplication,
        fields={
            "title": "Grön omställning i förskolan",
            "other_funder": "Erasmus+",
            "role": "lead",
            "unit": world.committee,
            "description": "Förskolor som arbetar med klimat och natur.",
            "lessons_learned": "Budgetera tid för partnermöten; översättningar tar längre tid än väntat.",
        },
    )
    item = record_create(
        actor=alice,
        model=MonitoringItem,
        fields={
            "kind": "legislation",
            "title": "Direktivet om byggnaders energiprestanda",
            "summary": "Krav på renovering av offentliga byggnader.",
            "unit": world.board,
        },
    )
    activity = record_create(
        actor=alice,
        model=Activity,
        fields={"title": "Studiebesök <b>i</b> Bryssel", "year": 2026, "unit": world.board},
    )
    # Another municipality writes the same words: never found by alice.
    record_create(
        actor=world.actor(world.mallory, world.other),
        model=Partnership,
        fields={
            "kind": "twin_town",
            "title": "Vänort i Lettland",
            "counterpart": "Cēsis",
            "country_id": "LV",
            "unit": world.foreign_unit,
        },
    )
    return {"twin": twin, "project": project, "item": item, "activity": activity}


def test_it_finds_swedish_words_with_å_ä_ö_and_marks_them(world, records):
    hits = search(world.actor(world.carol), "vänort")
    assert [(h.kind, h.object_id) for h in hits] == [("partnerships", records["twin"].pk)]
    assert "<mark>Vänort</mark> i Estland" in hits[0].title_html
    assert hits[0].url == f"/partnerskap/{records['twin'].pk}/"


def test_it_never_finds_another_municipalitys_records(world, records):
    assert [h.title for h in search(world.actor(world.mallory, world.other), "vänort")] == [
        "\x02Vänort\x03 i Lettland"
    ]
    assert search(world.actor(world.mallory, world.other), "Estland") == []


def test_lessons_learned_are_found_on_their_own_and_point_to_the_project(world, records):
    hits = search(world.actor(world.alice), "översättningar")
    assert [(h.kind, h.kind_label) for h in hits] == [("lessons", "Lärdomar")]
    assert hits[0].url == f"/ansokningar/{records['project'].pk}/"
    assert "<mark>" in hits[0].snippet_html
    assert search(world.actor(world.alice), "förskolan", kind="lessons")[0].kind == "lessons"
    kinds = {h.kind for h in search(world.actor(world.alice), "förskolan")}
    assert kinds == {"applications", "lessons"}


def test_every_word_must_match_and_the_title_outranks_the_body(world, records):
    assert search(world.actor(world.alice), "renovering byggnader")[0].kind == "monitoring"
    assert search(world.actor(world.alice), "renovering Tartu") == []
    alice = world.actor(world.alice)
    record_create(
        actor=alice,
        model=MonitoringItem,
        fields={
            "kind": "trend",
            "title": "Kulturarv",
            "summary": "Energi i gamla hus",
            "unit": world.board,
        },
    )
    hits = search(alice, "energiprestanda")
    assert hits[0].object_id == records["item"].pk


def test_the_index_follows_changes_and_archiving(world, records):
    alice = world.actor(world.alice)
    twin = records["twin"]
    record_update(
        actor=alice, instance=twin, expected_version=1, fields={"title": "Partnerstad Tartu"}
    )
    assert search(alice, "vänort") == []
    assert search(alice, "partnerstad")[0].object_id == twin.pk
    record_archive(
        actor=alice,
        instance=Partnership.objects.get(pk=twin.pk),
        expected_version=2,
        reason="avslutat",
    )
    assert search(alice, "partnerstad")[0].archived is True


def test_markup_in_records_is_escaped_in_hits(world, records):
    (hit,) = search(world.actor(world.alice), "Bryssel")
    assert "&lt;b&gt;i&lt;/b&gt;" in hit.title_html and "<b>" not in hit.title_html


def test_the_search_page_shows_ranked_hits_with_snippets(world, records, signed_in):
    page = signed_in(world.carol).get("/omvarld/sok/?q=klimat").content.decode()
    assert "1 träff" in page and "Grön omställning i förskolan" in page
    assert "<mark>klimat</mark>" in page


def test_rebuild_writes_the_same_index(world, records):
    before = sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "body"))
    SearchDocument.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM monitoring_search_fts")
    assert search(world.actor(world.alice), "vänort") == []
    out = io.StringIO()
    call_command("search", "rebuild", stdout=out)
    assert "Sökindexet byggdes om: 6 dokument" in out.getvalue()
    after = sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "body"))
    assert after == before
    assert search(world.actor(world.alice), "vänort")[0].object_id == records["twin"].pk


def test_a_query_of_punctuation_only_finds_nothing_and_quotes_cannot_break_it(world, records):
    alice = world.actor(world.alice)
    assert search(alice, "  ;;; ") == []
    for text in ('"vänort*', "vänort)", "(vänort:"):
        assert [h.object_id for h in search(alice, text)] == [records["twin"].pk], text


def test_it_matches_on_the_stored_index_not_on_text_read_row_by_row(world, records):
    """PostgreSQL: the stored, GIN-indexed vector (no to_tsvector per row); SQLite: FTS5."""
    alice = world.actor(world.alice)
    with CaptureQueriesContext(connection) as queries:
        assert [h.object_id for h in search(alice, "vänort")] == [records["twin"].pk]
    sql = " ".join(q["sql"] for q in queries)
    if connection.vendor == "postgresql":
        assert "search_vector" in sql and "to_tsvector" not in sql
    else:
        assert "monitoring_search_fts MATCH" in sql


def test_the_stored_index_follows_a_change_of_the_record(world, records):
    alice = world.actor(world.alice)
    twin = records["twin"]
    record_update(
        actor=alice,
        instance=twin,
        expected_version=twin.version,
        fields={"description": "Nu om idrottsutbyten."},
    )
    assert [h.object_id for h in search(alice, "idrottsutbyten")] == [twin.pk]
    assert search(alice, "skolutbyten") == []
