"""The import pages: upload → preview → confirm → result, and who may see them."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from utblick.factories import MembershipFactory
from utblick.imports.models import ImportRun, ImportStatus
from utblick.imports.registers import REGISTERS
from utblick.imports.services import ImportPlan, plan_import
from utblick.imports.tables import read_table
from utblick.imports.tests.files import csv_bytes, table_counts, xlsx
from utblick.registers.models import NetworkMembership

HEADERS = ["Organisation eller nätverk *", "Omfattning *", "Ansvarig enhet *", "Årsavgift"]
WIDE = "Hela kommunen (flera nämnders områden)"


def _upload(client, data, name="medlemskap.xlsx", slug="medlemskap"):
    upload = SimpleUploadedFile(name, data)
    return client.post(f"/import/{slug}/", {"file": upload})


def _good_file(*extra):
    return xlsx(HEADERS, ["EUROCITIES", WIDE, "Kommunstyrelsen", "1 250 000"], *extra)


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def test_the_index_lists_every_register_with_its_templates(alice):
    response = alice.get("/import/")
    assert response.status_code == 200
    page = response.content.decode()
    for register in REGISTERS.values():
        assert f"/import/{register.slug}/mall.xlsx" in page
        assert f"/import/{register.slug}/befintliga-poster.xlsx" in page
        assert f'href="/import/{register.slug}/"' in page


@pytest.mark.parametrize(
    "url",
    ["/import/", "/import/medlemskap/", "/import/medlemskap/mall.xlsx", "/import/korning/1/"],
)
def test_readers_may_not_import(client, world, url):
    client.force_login(world.carol)
    assert client.get(url).status_code == 403
    assert _upload(client, _good_file()).status_code == 403
    assert NetworkMembership.objects.count() == 0


def test_an_unknown_register_is_404(alice):
    assert alice.get("/import/okant/").status_code == 404


def test_upload_preview_confirm_and_result(alice, world):
    existing = MembershipFactory(
        municipality=world.home, unit=world.board, organisation="UBC", annual_fee=5000
    )
    data = _good_file(["UBC", "Hela kommunen (flera nämnders områden)", "Kommunstyrelsen", 6000])
    before = table_counts()
    response = _upload(alice, data)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/import/korning/{run.pk}/"
    assert table_counts() == before  # the preview wrote nothing but the run

    page = alice.get(response["Location"]).content.decode()
    assert "Skapas: 1" in page and "Uppdateras: 1" in page
    assert "EUROCITIES" in page
    assert "Årsavgift: 5\u00a0000 → 6\u00a0000" in page
    assert f'value="{run.sha256}"' in page

    response = alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    assert response.status_code == 302
    assert response["Location"] == f"/import/korning/{run.pk}/"  # it follows the run
    response = alice.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == f"/import/korning/{run.pk}/resultat/"
    page = response.content.decode()
    assert "1 skapade, 1 uppdaterade, 0 oförändrade" in page
    created = NetworkMembership.objects.get(organisation="EUROCITIES")
    # The result page links to what was created and what was changed.
    assert f'<a href="{created.get_absolute_url()}">' in page
    assert f'<a href="{existing.get_absolute_url()}">' in page
    run.refresh_from_db()
    assert (run.status, run.created_count, run.updated_count) == (ImportStatus.APPLIED, 1, 1)
    assert NetworkMembership.objects.filter(organisation="EUROCITIES").exists()
    existing.refresh_from_db()
    assert existing.annual_fee == 6000
    assert existing.history.first().history_change_reason == "import: medlemskap.xlsx"


def test_a_bad_file_shows_every_error_by_row_and_column_and_cannot_be_confirmed(alice):
    data = csv_bytes(
        HEADERS,
        ["A", WIDE, "Kommunstyrelsen", "1"],
        ["B", WIDE, "Okänd nämnd", "1"],
        ["C", WIDE, "Kommunstyrelsen", "mycket"],
    )
    response = _upload(alice, data, "lista.csv")
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.INVALID
    page = alice.get(response["Location"]).content.decode()
    assert "Filen har 2 fel – ingenting har sparats" in page
    assert re.search(r"<td>3</td>\s*<td>Ansvarig enhet \(C\)</td>\s*<td>okänd enhet", page)
    assert re.search(r"<td>4</td>\s*<td>Årsavgift \(D\)</td>\s*<td>ange ett tal", page)
    assert "bekrafta" not in page
    response = alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    assert response.status_code == 409
    assert NetworkMembership.objects.count() == 0


def test_a_confirmation_for_another_file_is_refused(alice):
    _upload(alice, _good_file())
    run = ImportRun.objects.get()
    response = alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": "0" * 64})
    assert response.status_code == 409
    assert "stämmer inte" in response.content.decode()
    assert NetworkMembership.objects.count() == 0


def test_a_file_changed_on_the_server_is_refused(alice, import_dir):
    _upload(alice, _good_file())
    run = ImportRun.objects.get()
    (Path(import_dir) / f"{run.token}.upload").write_bytes(
        _good_file(["X", WIDE, "Kommunstyrelsen", 1])
    )
    response = alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    assert response.status_code == 409
    assert NetworkMembership.objects.count() == 0


def test_confirming_twice_imports_once(alice):
    _upload(alice, _good_file())
    run = ImportRun.objects.get()
    alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    response = alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    assert response.status_code == 409
    assert NetworkMembership.objects.count() == 1


def test_a_register_changed_since_the_preview_is_previewed_again(alice, world):
    _upload(alice, _good_file())
    run = ImportRun.objects.get()
    MembershipFactory(municipality=world.home, unit=world.board, organisation="Eurocities")
    response = alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    assert response["Location"] == f"/import/korning/{run.pk}/"
    assert NetworkMembership.objects.count() == 1  # only the one made meanwhile
    page = alice.get(response["Location"]).content.decode()
    assert "Registret har ändrats sedan du förhandsgranskade filen" in page
    assert "Uppdateras: 1" in page
    alice.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED


def test_nobody_else_sees_or_confirms_my_preview(client, world):
    client.force_login(world.alice)
    _upload(client, _good_file())
    run = ImportRun.objects.get()
    for user in (world.bob, world.mallory):
        other = Client()
        other.force_login(user)
        assert other.get(f"/import/korning/{run.pk}/").status_code == 404
        response = other.post(f"/import/korning/{run.pk}/bekrafta/", {"sha256": run.sha256})
        assert response.status_code == 404
    assert NetworkMembership.objects.count() == 0


def test_the_upload_form_explains_a_missing_or_wrong_file(alice):
    response = alice.post("/import/medlemskap/", {})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    response = _upload(alice, b"x", "lista.pdf")
    assert "Välj en Excel-fil (.xlsx) eller en CSV-fil (.csv)." in response.content.decode()


def test_the_web_refuses_files_too_large_for_one_request(alice, monkeypatch):
    monkeypatch.setattr("utblick.imports.services.WEB_MAX_ROWS", 2)
    rows = [[f"N{n}", WIDE, "Kommunstyrelsen", n] for n in range(3)]
    response = _upload(alice, xlsx(HEADERS, *rows))
    page = alice.get(response["Location"]).content.decode()
    assert "Filen har fler än 2 rader med poster" in page
    assert ImportRun.objects.get().status == ImportStatus.INVALID


def test_forms_carry_csrf_protection(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    assert _upload(client, _good_file()).status_code == 403
    page = client.get("/import/medlemskap/").content.decode()
    assert "csrfmiddlewaretoken" in page


def test_templates_have_no_inline_scripts_styles_or_handlers():
    root = Path(__file__).resolve().parents[1] / "templates"
    for path in root.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", source), path


def _preview_queries(client, run) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/import/korning/{run.pk}/").status_code == 200
    return len(queries)


def test_the_preview_page_query_count_is_pinned_and_does_not_grow_with_rows(alice, world):
    rows = [[f"Nätverk {n}", WIDE, "Kommunstyrelsen", n] for n in range(30)]
    _upload(alice, xlsx(HEADERS, *rows[:3]))
    _upload(alice, xlsx(HEADERS, *rows))
    small, large = ImportRun.objects.order_by("pk")
    # 1 session, 2 user, 3 role assignments with their municipalities, 4 the actor's role,
    # 5 the run; the page view does not save the session.
    # The plan itself is read from the file kept at upload: no query per row.
    assert _preview_queries(alice, small) == 5
    assert _preview_queries(alice, large) == 5


def test_planning_reads_a_fixed_number_of_queries_whatever_the_rows(world):
    MembershipFactory(municipality=world.home, unit=world.board, organisation="Nätverk 1")
    actor = world.actor(world.alice)

    def planning_queries(count: int) -> int:
        rows = [[f"Nätverk {n}", WIDE, "Kommunstyrelsen", n] for n in range(count)]
        table = read_table(xlsx(HEADERS, *rows), "f.xlsx", max_rows=100)
        plan = ImportPlan(register=REGISTERS["memberships"], file_name="f.xlsx", sha256="")
        with CaptureQueriesContext(connection) as queries:
            plan_import(actor=actor, register=REGISTERS["memberships"], table=table, plan=plan)
        return len(queries)

    # units, the natural-key index, the matched records
    assert planning_queries(3) == planning_queries(60) == 3
