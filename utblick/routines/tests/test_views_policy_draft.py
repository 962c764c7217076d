"""Drafting a profile from the uploaded steering document (administrators only): proposals beside
their sentences, kept or dropped, the text handed to the preview and loaded."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from utblick.core.access import Role
from utblick.factories import RoleFactory
from utblick.policy.drafting.tests.documents import text_of
from utblick.policy.models import ProfileVersion
from utblick.policy.profile_format import check_profile, parse_profile
from utblick.routines.tests.conftest import make_place, user
from utblick.web.tests.test_page_structure import check

URL = "/atgarder/styrdokument/utkast/"
MALMO_TEXT = text_of("malmo-policy.txt").encode("utf-8")


def client_for(someone) -> Client:
    client = Client()
    client.force_login(someone)
    return client


@pytest.fixture
def malmo(db):
    place = make_place("1280")
    place.administrator = user("admin-1280")
    RoleFactory(user=place.administrator, municipality=place.municipality, role=Role.ADMINISTRATOR)
    return place


def upload(client, data: bytes, name: str):
    return client.post(URL, {"document": SimpleUploadedFile(name, data)})


def textarea(html: str) -> str:
    import html as entities

    body = html.split('id="id_text"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    return entities.unescape(body).lstrip("\n")


def test_only_administrators_draft(malmo):
    for someone in (malmo.coordinator, malmo.editor):
        client = client_for(someone)
        assert client.get(URL).status_code == 403
        assert upload(client, MALMO_TEXT, "policy.txt").status_code == 403


def test_the_page_offers_the_upload_and_says_what_it_does(malmo):
    response = client_for(malmo.administrator).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="document"' in html
    assert "PDF, Word (.docx) eller text, högst 10 MB." in html
    check(html, URL)
    preview = client_for(malmo.administrator).get("/atgarder/styrdokument/").content.decode()
    assert f'href="{URL}"' in preview


def test_an_uploaded_policy_shows_each_proposal_beside_its_sentence(malmo):
    response = upload(client_for(malmo.administrator), MALMO_TEXT, "malmo-policy.txt")
    assert response.status_code == 200
    html = response.content.decode()
    check(html, "draft")
    assert "Förslag ur malmo-policy.txt" in html
    row = html.split("Informationsärende (information)", 1)[1].split("</tr>", 1)[0]
    assert (
        "”Vid ansökningar med en totalbudget på 12 miljoner kronor eller däröver ska nämnden sända ett informationsärende till kommunstyrelsen.”"
        in row
    )
    assert "80\u00a0%" in row
    text = textarea(html)
    assert check_profile(text) == []
    assert "total_budget_sek__gte = 12_000_000" in text
    assert 'name = "Malmö' in text
    assert 'name="name" value="utkast-malmo-policy.toml"' in html


def test_dropping_proposals_rewrites_the_text_without_them(malmo):
    admin = client_for(malmo.administrator)
    html = upload(admin, MALMO_TEXT, "malmo-policy.txt").content.decode()
    signed = re.search(r'name="draft" value="([^"]+)"', html).group(1)
    checked = re.findall(r'name="proposal" value="([^"]+)"[^>]*checked', html)
    dropped = [p for p in checked if p.startswith("routine.informationsarende")]
    assert dropped
    response = admin.post(
        URL,
        {"choose": "1", "draft": signed, "proposal": [p for p in checked if p not in dropped]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    text = textarea(page)
    assert check_profile(text) == []
    thresholds = [
        check
        for routine in parse_profile(text).routines
        for check in routine.checks
        if "total_budget_sek__gte" in check.raw.get("when", {})
    ]
    assert thresholds == []
    assert '# when = { role = "lead", total_budget_sek__gte = 12_000_000 }' in text
    assert "# Bortvalt: ta bort # framför raderna för att ta med det." in text
    assert f'value="{dropped[0]}" id=' in page and f'value="{dropped[0]}" id="proposal-' in page
    assert not re.search(rf'value="{re.escape(dropped[0])}"[^>]*checked', page)


def test_a_tampered_draft_is_refused(malmo):
    response = client_for(malmo.administrator).post(
        URL, {"choose": "1", "draft": "inte-ett-signerat-utkast", "proposal": ["x"]}, follow=True
    )
    assert (
        "Utkastet kunde inte läsas tillbaka. Ladda upp dokumentet igen."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"%PDF-1.4\n%trasig fil",
            "policy.pdf",
            "PDF-filen kan inte läsas: den är skadad eller inte en PDF.",
        ),
        (b"PK\x03\x04trasig", "policy.docx", "Word-filen kan inte"),
        (b"{\\rtf1 policy}", "policy.rtf", "Spara dokumentet som PDF, Word (.docx) eller text."),
    ],
)
def test_a_broken_file_gets_a_located_swedish_error(malmo, data, name, message):
    response = upload(client_for(malmo.administrator), data, name)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'href="#id_document"' in html  # the error summary points at the field
    check(html, "draft error")


def test_no_file_is_a_field_error(malmo):
    response = client_for(malmo.administrator).post(URL, {})
    assert response.status_code == 400
    assert "Välj styrdokumentet att ta fram ett utkast ur." in response.content.decode()


def test_the_drafted_text_goes_on_to_the_preview_and_loads(malmo):
    admin = client_for(malmo.administrator)
    text = textarea(upload(admin, MALMO_TEXT, "malmo-policy.txt").content.decode())
    preview = admin.post(
        "/atgarder/styrdokument/", {"text": text, "name": "utkast-malmo-policy.toml"}
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Vad den nya versionen skulle göra" in html
    source = re.search(r'name="las-in-source_name" value="([^"]+)"', html).group(1)
    base = re.search(r'name="las-in-base_version" value="([^"]*)"', html).group(1)
    response = admin.post(
        "/atgarder/styrdokument/",
        {
            "load": "1",
            "las-in-text": text,
            "las-in-source_name": source,
            "las-in-base_version": base,
            "las-in-reason": "utkast ur styrdokumentet, granskat",
            "las-in-confirm": "on",
        },
    )
    assert response.status_code == 302
    current = ProfileVersion.objects.get(municipality=malmo.municipality, is_current=True)
    assert current.source_name == "utkast-malmo-policy.toml"
    assert current.title == "Policy för Malmö stads internationella arbete"
    assert current.reason == "utkast ur styrdokumentet, granskat"


def test_a_docx_upload_drafts_too(malmo):
    from docx import Document

    document = Document()
    document.add_heading("Policy för internationellt arbete", level=0)
    document.add_paragraph("Kommunstyrelsen beslutar om deltagande i kommunövergripande nätverk.")
    out = io.BytesIO()
    document.save(out)
    response = upload(client_for(malmo.administrator), out.getvalue(), "policy.docx")
    assert response.status_code == 200
    assert "decided_by = [&quot;executive_board&quot;]" in response.content.decode()
