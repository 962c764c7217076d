"""A region runs on Utblick: Region Norrbotten loads its profile, its routines run, and its
own bodies' names — regionstyrelsen, internationella beredningen — are what the web, the
e-mails, the information matter (DOCX) and the yearly report say. Nothing says "kommun" to a
region."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from docx import Document as WordDocument
from playwright.sync_api import expect

from utblick.core.access import Role
from utblick.factories import (
    ApplicationFactory,
    MembershipFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
)
from utblick.organisation.models import Municipality, Unit
from utblick.policy.services import profile_load
from utblick.registers.models import Matter
from utblick.web.tests.browser.conftest import Demo, open_page, sign_in

pytestmark = pytest.mark.browser

PROFILE = (
    Path(__file__).resolve().parents[3] / "routines" / "tests" / "profiles" / "norrbotten.toml"
)
PASSWORD = "region-demo-lösen"
KOMMUN = re.compile(r"kommun", re.IGNORECASE)


@pytest.fixture
def region(browser, transactional_db, live_server, settings):
    """Region Norrbotten with its profile, a committee, a coordinator and a few records."""
    from utblick.reference.services import load_reference_data
    from utblick.routines.services import routines_run

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_reference_data()
    norrbotten = Municipality.objects.get(code="25")
    norrbotten.is_tenant = True
    norrbotten.save()
    profile_load(
        municipality=norrbotten, text=PROFILE.read_text(encoding="utf-8"), source_name=PROFILE.name
    )
    bodies = {u.key: u for u in Unit.objects.filter(municipality=norrbotten).exclude(key="")}
    committee = UnitFactory(
        municipality=norrbotten, kind="committee", name="Regionala utvecklingsnämnden"
    )
    coordinator = UserFactory(
        username="norrbotten-samordnare",
        email="samordnare@norrbotten.example",
        password=PASSWORD,
    )
    RoleFactory(user=coordinator, municipality=norrbotten, role=Role.COORDINATOR)
    MembershipFactory(municipality=norrbotten, unit=committee, organisation="CPMR", status="active")
    Matter.objects.create(
        municipality=norrbotten,
        unit=committee,
        title="Prioriterade nätverk 2027",
        outcome="approved",
        # Decided since the profile was loaded: today's work, not the backlog of older records.
        decided_on=dt.date.today(),
        body=bodies["internationella-beredningen"],
    )
    application = ApplicationFactory(
        municipality=norrbotten, unit=committee, title="Arktiska vägar", total_budget=20_000_000
    )
    mail.outbox.clear()
    routines_run(norrbotten)
    return Demo(
        url=live_server.url, municipality=norrbotten, password=PASSWORD, slug="norrbotten"
    ), application


def _visible_text(page) -> str:
    return page.locator("body").inner_text()


def test_a_region_sees_its_own_bodies_and_words_in_the_web(browser, region, console):
    demo, _application = region
    context, page = open_page(browser, demo, console)
    sign_in(page, "norrbotten-samordnare", PASSWORD)
    expect(page.locator(".site-footer")).to_contain_text("regionens internationella arbete")
    pages = {}
    for path in ("/", "/organisation/", "/atgarder/", "/organisation/enheter/"):
        page.goto(path)
        pages[path] = _visible_text(page)
        assert not KOMMUN.search(pages[path]), (path, KOMMUN.findall(pages[path]))
    assert "Internationella beredningen" in pages["/organisation/"]
    assert "Regionstyrelsen" in pages["/organisation/"]
    assert "Återrapportera Prioriterade nätverk 2027 till regionstyrelsen" in pages["/atgarder/"]
    assert "internationella beredningen" in pages["/atgarder/"].lower()
    assert "Regionfullmäktige" in pages["/organisation/enheter/"]
    context.close()
    assert not console.errors


def test_a_region_s_e_mails_information_matter_and_report_speak_of_the_region(region):
    from utblick.reporting.compose import build_document
    from utblick.reporting.render.docx import docx_bytes
    from utblick.reporting.report_data import build_report_data
    from utblick.routines.documents import information_matter_docx

    demo, application = region
    [message] = [m for m in mail.outbox if "samordnare@norrbotten.example" in m.to]
    assert "regionstyrelsen" in message.body and not KOMMUN.search(message.subject + message.body)

    def words(data: bytes) -> str:
        document = WordDocument(io.BytesIO(data))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)

    matter = words(information_matter_docx(application))
    assert "Regionstyrelsen tar del av informationen" in matter
    assert "Regionala mål" in matter and not KOMMUN.search(matter)

    data = build_report_data(demo.municipality, dt.date.today().year, today=dt.date.today())
    report = words(docx_bytes(build_document(data, draw=False)))
    assert "regionfullmäktige" in report.lower() and "Region Norrbotten" in report
    assert not KOMMUN.search(report), KOMMUN.findall(report)
