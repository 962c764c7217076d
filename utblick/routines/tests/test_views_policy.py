"""Previewing and loading a policy change (administrators only), and the information matter's
Word draft, on Malmö with its real profile."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from utblick.core.access import Role
from utblick.factories import RoleFactory
from utblick.organisation.models import Municipality
from utblick.policy.models import ProfileVersion, Routine
from utblick.policy.profile_format import seed_profile_path
from utblick.routines.models import Obligation
from utblick.routines.tests.conftest import user
from utblick.web.tests.test_page_structure import check

MALMO = seed_profile_path("1280").read_text(encoding="utf-8")
LOWER = MALMO.replace("total_budget_sek__gte = 12_000_000", "total_budget_sek__gte = 10_000_000")


def client_for(someone) -> Client:
    client = Client()
    client.force_login(someone)
    return client


def information_matters(place):
    return {
        o.object_id
        for o in Obligation.objects.filter(
            municipality=place.municipality,
            routine__key="ansokan-informationsarende",
            status="open",
        )
    }


# --- the page --------------------------------------------------------------------------------


def test_the_page_shows_the_current_version_and_downloads_its_toml(malmo):
    admin = client_for(malmo.administrator)
    response = admin.get("/atgarder/styrdokument/")
    assert response.status_code == 200
    html = response.content.decode()
    version = ProfileVersion.objects.get(municipality=malmo.municipality, is_current=True)
    assert version.title in html
    assert "malmo.toml" in html
    assert 'href="/atgarder/styrdokument/gallande.toml"' in html
    check(html, "/atgarder/styrdokument/")
    download = admin.get("/atgarder/styrdokument/gallande.toml")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/toml")
    assert download["Content-Disposition"] == 'attachment; filename="malmo.toml"'
    assert download.content.decode("utf-8") == MALMO


def test_only_administrators_preview_or_load(malmo):
    for someone in (malmo.coordinator, malmo.editor, malmo.reader):
        client = client_for(someone)
        assert client.get("/atgarder/styrdokument/").status_code == 403
        assert client.get("/atgarder/styrdokument/gallande.toml").status_code == 403
        response = client.post(
            "/atgarder/styrdokument/",
            {
                "load": "1",
                "las-in-text": LOWER,
                "las-in-source_name": "m.toml",
                "las-in-confirm": "on",
            },
        )
        assert response.status_code == 403
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1


def test_an_invalid_profile_shows_located_errors_and_loads_nothing(malmo):
    broken = MALMO.replace("total_budget_sek__gte = 12_000_000", 'total_budget_sek__gte = "tolv"')
    line = broken.splitlines().index('total_budget_sek__gte = "tolv"') + 1
    response = client_for(malmo.administrator).post("/atgarder/styrdokument/", {"text": broken})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Profilen har 1 fel – ingenting har lästs in" in html
    row = html.split(f'<a href="#id_text">rad {line}</a>', 1)[1].split("</tr>", 1)[0]
    assert "total_budget_sek__gte" in row
    assert "<code>total_budget_sek__gte = &quot;tolv&quot;</code>" in row
    # The text stays in the form to be corrected.
    assert "total_budget_sek__gte = &quot;tolv&quot;" in html.split('id="id_text"', 1)[1][:100000]
    check(html, "invalid profile")
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1


def test_a_toml_syntax_error_is_located_too(malmo):
    response = client_for(malmo.administrator).post(
        "/atgarder/styrdokument/",
        {"file": SimpleUploadedFile("ny.toml", b'[municipality]\ncode = "1280\n')},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_text">rad 2</a>' in html and "ogiltig TOML" in html


def test_nothing_to_preview_is_a_field_error(malmo):
    response = client_for(malmo.administrator).post("/atgarder/styrdokument/", {"text": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_text"' in html and "Klistra in profilens text eller välj en fil." in html


def test_another_municipalitys_profile_is_refused(malmo):
    falun = seed_profile_path("2080").read_text(encoding="utf-8")
    response = client_for(malmo.administrator).post("/atgarder/styrdokument/", {"text": falun})
    assert response.status_code == 400
    assert "gäller kommunkod 2080" in response.content.decode()


def test_lowering_malmos_threshold_lists_the_applications_of_10_to_12_msek_then_loads(malmo):
    admin = client_for(malmo.administrator)
    before = information_matters(malmo)
    assert before == {malmo.applications[a].pk for a in ("12000000", "15000000")}
    upload = SimpleUploadedFile("malmo-2027.toml", LOWER.encode("utf-8"))
    response = admin.post("/atgarder/styrdokument/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    created = html.split('id="diff-created"', 1)[1].split("</table>", 1)[0]
    for amount in ("10000000", "10500000", "11999999"):
        application = malmo.applications[amount]
        assert f'<a href="/ansokningar/{application.pk}/">Projekt {amount}</a>' in created
    for amount in ("9500000", "12000000", "15000000"):
        assert f"Projekt {amount}<" not in created
    assert "when.total_budget_sek__gte: 12000000 → 10000000" in html
    assert 'id="diff-lapsed"' not in html
    check(html, "preview")
    # Nothing is written by the preview.
    assert information_matters(malmo) == before
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1

    # Loading needs the confirmation …
    load = {
        "load": "1",
        "las-in-text": LOWER,
        "las-in-source_name": "malmo-2027.toml",
        "las-in-base_version": "1",
        "las-in-reason": "KF sänkte gränsen 2026-11-20 § 201",
    }
    response = admin.post("/atgarder/styrdokument/", load)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_las-in-confirm"' in html and "Bekräfta att du har granskat" in html
    assert 'id="diff-created"' in html  # the preview is shown again
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1

    # … and then loads the version and lets the obligations follow at once.
    response = admin.post("/atgarder/styrdokument/", {**load, "las-in-confirm": "on"})
    assert response.status_code == 302
    current = ProfileVersion.objects.get(municipality=malmo.municipality, is_current=True)
    assert (current.number, current.source_name, current.loaded_by, current.reason) == (
        2,
        "malmo-2027.toml",
        malmo.administrator,
        "KF sänkte gränsen 2026-11-20 § 201",
    )
    routine = Routine.objects.get(municipality=malmo.municipality, key="ansokan-informationsarende")
    assert routine.bound("applications", "total_budget_sek") == 10_000_000
    assert information_matters(malmo) == {
        malmo.applications[a].pk
        for a in ("10000000", "10500000", "11999999", "12000000", "15000000")
    }
    html = admin.get("/atgarder/styrdokument/").content.decode()
    assert "Version 2 av styrdokumentet är inläst. Åtgärder: 3 nya" in html


def test_loading_after_someone_else_loaded_a_version_loads_nothing(malmo):
    from utblick.policy.services import profile_load

    admin = client_for(malmo.administrator)
    profile_load(municipality=malmo.municipality, text=MALMO + "\n# ny\n", source_name="x.toml")
    response = admin.post(
        "/atgarder/styrdokument/",
        {
            "load": "1",
            "las-in-text": LOWER,
            "las-in-source_name": "malmo-2027.toml",
            "las-in-base_version": "1",
            "las-in-reason": "nytt beslut",
            "las-in-confirm": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Någon annan har läst in en ny version" in html
    assert 'name="las-in-base_version" value="2"' in html  # previewed again, against version 2
    assert ProfileVersion.objects.get(municipality=malmo.municipality, is_current=True).number == 2


def test_loading_the_same_text_changes_nothing(malmo):
    response = client_for(malmo.administrator).post(
        "/atgarder/styrdokument/",
        {
            "load": "1",
            "las-in-text": MALMO,
            "las-in-source_name": "malmo.toml",
            "las-in-base_version": "1",
            "las-in-reason": "nytt beslut",
            "las-in-confirm": "on",
        },
        follow=True,
    )
    assert "Profilen är densamma som den gällande versionen" in response.content.decode()
    assert ProfileVersion.objects.filter(municipality=malmo.municipality).count() == 1


# --- the information matter ------------------------------------------------------------------


def test_the_application_page_links_the_information_matter_draft(malmo):
    large = malmo.applications["15000000"]
    html = client_for(malmo.coordinator).get(f"/ansokningar/{large.pk}/").content.decode()
    card = html.split('id="obligations-title"', 1)[1].split("</section>", 1)[0]
    assert f'href="/atgarder/ansokan/{large.pk}/informationsarende.docx"' in card
    # Below the threshold there is no information matter to draft.
    small = malmo.applications["9500000"]
    html = client_for(malmo.coordinator).get(f"/ansokningar/{small.pk}/").content.decode()
    assert "informationsarende.docx" not in html
    # A reader sees the obligations but is offered no draft.
    html = client_for(malmo.reader).get(f"/ansokningar/{large.pk}/").content.decode()
    assert "obligations-title" in html and "informationsarende.docx" not in html


def test_the_obligation_page_links_the_draft_too(malmo):
    large = malmo.applications["15000000"]
    [obligation] = malmo.open_about("ansokan-informationsarende", large)
    html = client_for(malmo.editor).get(f"/atgarder/{obligation.pk}/").content.decode()
    assert f'href="/atgarder/ansokan/{large.pk}/informationsarende.docx"' in html


def test_downloading_the_draft(malmo):
    large = malmo.applications["15000000"]
    response = client_for(malmo.editor).get(f"/atgarder/ansokan/{large.pk}/informationsarende.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="informationsarende-ansokan-{large.pk}.docx"'
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Projekt 15000000" in text and "Förslag till beslut" in text


def test_the_draft_is_permission_checked(malmo):
    large = malmo.applications["15000000"]
    address = f"/atgarder/ansokan/{large.pk}/informationsarende.docx"
    assert client_for(malmo.reader).get(address).status_code == 403
    # A unit editor of another committee may not draft it.
    other_editor = user("redaktor-miljo")
    RoleFactory(
        user=other_editor,
        municipality=malmo.municipality,
        role=Role.UNIT_EDITOR,
        unit=malmo.other_committee,
    )
    assert client_for(other_editor).get(address).status_code == 403
    [obligation] = malmo.open_about("ansokan-informationsarende", large)
    html = client_for(other_editor).get(f"/atgarder/{obligation.pk}/").content.decode()
    assert "informationsarende.docx" not in html  # not offered what would be refused
    # Another municipality's coordinator: no such application.
    falun = Municipality.objects.get(code="2080")
    stranger = user("samordnare-falun")
    RoleFactory(user=stranger, municipality=falun, role=Role.COORDINATOR)
    assert client_for(stranger).get(address).status_code == 404
    assert Client().get(address).status_code == 302
