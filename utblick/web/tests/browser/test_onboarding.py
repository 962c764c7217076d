"""A new organisation's first afternoon in the browser: `tenant create` for a municipality
outside the seeds, the invitation, the organisation workbook, a profile written and previewed
in the web, and the first obligations on the dashboard; and sign-in through the organisation's
own OpenID provider (a real one on loopback) landing with the role its group gives."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from openpyxl import Workbook
from playwright.sync_api import expect

from utblick.core.access import Role
from utblick.organisation.models import Municipality, RoleAssignment
from utblick.policy.models import ProfileVersion
from utblick.routines.models import Obligation
from utblick.tenants.signin import identity_provider_save
from utblick.tenants.tests.profiles import minimal_profile
from utblick.tenants.tests.provider import Provider
from utblick.web.tests.browser.conftest import TIMEOUT_MS, VIEWPORT

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def site(browser, transactional_db, live_server, settings, tmp_path):
    from utblick.reference.services import load_reference_data

    load_reference_data()
    settings.SITE_URL = live_server.url
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return live_server.url


@pytest.fixture
def tab(browser, site):
    context = browser.new_context(base_url=site, locale="sv-SE", viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def organisation_workbook() -> bytes:
    book = Workbook()
    book.remove(book.active)
    sheets = {
        "Enheter": [
            ("Namn *", "Förkortning", "Typ *", "Överordnad", "Funktionsbrevlåda"),
            ("Kulturnämnden", "KN", "Nämnd", None, None),
            ("Kulturförvaltningen", None, "Förvaltning", "Kulturnämnden", None),
            ("Miljönämnden", "MN", "Nämnd", None, None),
        ],
        "Personer": [
            (
                "Namn *",
                "Typ *",
                "Titel eller uppdrag",
                "E-post",
                "Enhet",
                "Parti",
                "Roll i Utblick",
            ),
            (
                "Kim Ahl",
                "Tjänsteperson",
                "Kultursekreterare",
                "kim@hbg.example",
                "Kulturförvaltningen",
                None,
                "Enhetsredaktör",
            ),
        ],
        "Kontaktpersoner": [
            ("Enhet *", "Person *", "Utsedd", "Avslutad"),
            ("Kulturnämnden", "Kim Ahl", None, None),
        ],
    }
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_new_municipality_goes_from_tenant_create_to_its_first_obligations(tab, site):
    page = tab
    call_command("tenant", "create", "--code", "1283", "--admin-email", "eu@hbg.example")
    helsingborg = Municipality.objects.get(code="1283")
    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+/konto/losenord/\S+/", invitation.body).group(0)

    # The invitation: choose a password, then sign in.
    page.goto(link)
    page.locator("#id_new_password1").fill("Ett-bra-losenord-2026")
    page.locator("#id_new_password2").fill("Ett-bra-losenord-2026")
    page.get_by_role("button", name="Spara lösenordet").click()
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("eu@hbg.example")
    page.get_by_label("Lösenord").fill("Ett-bra-losenord-2026")
    page.get_by_role("button", name="Logga in").click()
    checklist = page.get_by_role("region", name="Kom i gång: första veckan")
    expect(checklist).to_contain_text("Inget styrdokument inläst")
    expect(checklist).to_contain_text("Inga nämnder registrerade")

    # The organisation from one workbook: previewed, then imported.
    page.goto("/import/")
    page.get_by_role("row", name=re.compile("^Organisationen")).get_by_role(
        "link", name="Ladda upp fil"
    ).click()
    page.set_input_files(
        "#id_file",
        files=[{"name": "organisation.xlsx", "mimeType": XLSX, "buffer": organisation_workbook()}],
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Skapas: 5")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Importera")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importen är klar")
    assert RoleAssignment.objects.get(user__email="kim@hbg.example").role == Role.UNIT_EDITOR

    # The profile written in the web: an error shown at its line as one types, then fixed.
    page.goto("/atgarder/styrdokument/")
    editor = page.get_by_label("Profilens text (TOML)")
    profile = minimal_profile("1283").replace("within_days = 30", "within_days = 7")
    editor.fill(profile.replace('family = "required_fact"', 'family = "required_fakt"'))
    expect(page.locator("#profile-check")).to_contain_text("required_fakt")
    editor.fill(profile)
    expect(page.locator("#profile-check")).to_contain_text("Inga fel hittade")
    page.get_by_role("button", name="Förhandsgranska").click()
    preview = page.get_by_role("region", name=re.compile("^Vad den nya versionen skulle göra"))
    expect(preview).to_contain_text("Miljönämnden")
    page.get_by_label("Varför läses versionen in?").fill("Antagen av kommunfullmäktige")
    page.get_by_label(re.compile("^Jag har granskat ändringarna")).check()
    page.get_by_role("button", name="Läs in den nya versionen").click()

    # The first obligations on the dashboard: the committee without a contact person.
    page.goto("/")
    obligations = page.get_by_role("region", name="Åtgärder som förfaller eller är försenade")
    expect(obligations).to_contain_text("Utse en kontaktperson i EU-nätverket för Miljönämnden")
    expect(page.get_by_role("region", name="Kom i gång: första veckan")).not_to_contain_text(
        "Inget styrdokument inläst"
    )
    assert ProfileVersion.objects.filter(municipality=helsingborg).count() == 1
    assert Obligation.objects.filter(municipality=helsingborg).count() == 1


@pytest.fixture
def provider(tmp_path, site):
    started = Provider(tmp_path / "provider").start()
    yield started
    started.stop()


def test_signing_in_through_the_organisations_provider_lands_with_the_mapped_role(
    tab, site, provider
):
    page = tab
    cache.clear()
    call_command("tenant", "create", "--code", "1283", "--admin-email", "eu@hbg.example")
    helsingborg = Municipality.objects.get(code="1283")
    provider.add_client("utblick", "client-secret", [f"{site}/konto/oidc/klar/"])
    provider.set_user("nora", "nora@hbg.example", ["eu-strateger", "alla-anstallda"])
    identity_provider_save(
        municipality=helsingborg,
        issuer=provider.issuer(),
        client_id="utblick",
        client_secret="client-secret",
        group_roles="eu-strateger = Samordnare",
        local_passwords=False,
    )
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Helsingborg").click()
    page.locator("#username").fill("nora")
    page.locator("#password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Översikt")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Helsingborg")
    role = RoleAssignment.objects.get(user__email="nora@hbg.example", municipality=helsingborg)
    assert role.role == Role.COORDINATOR
