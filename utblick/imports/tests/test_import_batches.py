"""An import writes its rows in batches: what the services would do per row for the whole
organisation (the routines, the list filters' cache) is done once per batch, and the import
itself asks the database a bounded number of questions per row (issue 17, "Scale")."""

from utblick.imports.tests.files import messages, run_import, xlsx
from utblick.reference.models import EUProgramme
from utblick.registers.models import FundingApplication
from utblick.web import choices

HEADERS = [
    "Titel *",
    "Program och fond",
    "Utlysning (id)",
    "Roll *",
    "Ägande nämnd eller bolag *",
    "Status",
    "Total budget",
    "Prioriterade områden",
]
# What an imported application costs in queries: its savepoint (2), the record and its history
# entry; and the file's own (the lookups, the matching, the run, the check of each unit and
# programme named, the search documents, the routines), whatever its length.
ROW_QUERIES, FILE_QUERIES = 4, 30
UNITS = ["Kultur- och fritidsnämnden", "Miljönämnden", "Kommunstyrelsen"]


def applications(count: int, programme: str = "HORIZON", first: int = 0) -> bytes:
    return xlsx(
        HEADERS,
        *(
            [
                f"Projekt {n}",
                programme,
                f"CALL-{n}",
                "Partner" if n % 2 else "Projektägare (lead partner)",
                UNITS[n % len(UNITS)],
                "Idé",
                1_000_000 + n,
                None,
            ]
            for n in range(first, first + count)
        ),
        sheet="Ansökningar",
    )


def _programme_choices(client) -> str:
    html = client.get("/ansokningar/").content.decode()
    start = html.index('name="programme"')
    return html[start : html.index("</select>", start)]


def test_an_import_moves_the_filter_choices_on_per_batch_not_per_row(
    world, django_capture_on_commit_callbacks
):
    def moves(data: bytes) -> int:
        before = choices.generation(world.home.pk)
        with django_capture_on_commit_callbacks(execute=True):
            plan = run_import(world.actor(world.alice), "applications", data)
        assert messages(plan) == []
        return choices.generation(world.home.pk) - before

    three, thirty = moves(applications(3)), moves(applications(30, first=3))
    assert FundingApplication.objects.filter(municipality=world.home).count() == 33
    # The batch, once at its end and once on commit (and the import's own run record): the
    # same for 30 rows as for 3.
    assert 0 < thirty == three < 30


def test_the_list_offers_what_an_import_brought_in(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.alice)
    life = EUProgramme.objects.get(code="LIFE")
    assert f'value="{life.pk}"' not in _programme_choices(client)  # and now cached
    with django_capture_on_commit_callbacks(execute=True):
        plan = run_import(world.actor(world.alice), "applications", applications(3, "LIFE"))
    assert messages(plan) == []
    assert f'value="{life.pk}"' in _programme_choices(client)


def test_imported_rows_are_found_by_search_once_each(world):
    from utblick.monitoring.search import search

    actor = world.actor(world.alice)
    assert messages(run_import(actor, "applications", applications(3))) == []
    found = sorted(hit.object_id for hit in search(actor, "Projekt"))
    assert found == sorted(FundingApplication.objects.values_list("pk", flat=True))
    assert len(found) == 3
    # The same rows again, changed: their documents are refreshed, not doubled.
    changed = applications(3, programme="LIFE")
    plan = run_import(actor, "applications", changed)
    assert messages(plan) == [] and plan.count("update") == 3
    assert sorted(hit.object_id for hit in search(actor, "Projekt")) == found


def test_an_import_asks_the_database_a_bounded_number_of_questions_per_row(
    world, django_assert_max_num_queries
):
    """Pinned so that it cannot silently grow back (it was about 25 a row)."""
    actor = world.actor(world.alice)
    with django_assert_max_num_queries(50 * ROW_QUERIES + FILE_QUERIES):
        plan = run_import(actor, "applications", applications(50))
    assert messages(plan) == [] and plan.count("create") == 50
