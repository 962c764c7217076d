"""Each role's start page in the browser, and what each may change: coordinator, unit editor,
reader (a reader sees no button or link that would change anything)."""

import re

import pytest
from playwright.sync_api import expect

from utblick.registers.models import FundingApplication
from utblick.web.tests.browser.conftest import open_page, sign_in

pytestmark = pytest.mark.browser

FOR_EVERYONE = (
    "Kommande besök och resor",
    "Ansökningar per program och år",
    "Arbete per prioriterat område",
)
FOR_WRITERS = (
    "Ansökningar och projekt per steg",
    "Medlemskap att pröva",
    "Avtal som löper ut inom sex månader",
)
FOR_READERS = ("Senaste besluten",)
# Bildningsnämnden's (the unit editor's own) and Samhällsbyggnadsnämnden's.
OWN = "Lärare i Europa – Erasmus+-ackreditering för gymnasieskolan"
OTHERS = "Levande stadskärna – URBACT-nätverk"
CHANGES = re.compile(r"^(Ändra|Arkivera|Återställ|Ny ansökan|Ändra till .*)$")


def _headings(page) -> list[str]:
    return [text.strip() for text in page.locator("main h2").all_inner_texts()]


def _changes(page):
    """Links and buttons in the page's content that would change a record."""
    main = page.locator("main")
    return main.get_by_role("link", name=CHANGES).or_(main.get_by_role("button", name=CHANGES))


@pytest.fixture
def as_role(browser, demo, console):
    contexts = []

    def open_as(role: str):
        context, page = open_page(browser, demo, console)
        contexts.append(context)
        sign_in(page, demo.user(role), demo.password)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not console.csp_violations and not console.errors, console


def test_each_role_has_its_own_dashboard_and_a_reader_sees_no_edit_buttons(as_role, demo):
    ids = dict(
        FundingApplication.objects.filter(
            municipality=demo.municipality, title__in=[OWN, OTHERS]
        ).values_list("title", "pk")
    )
    nav = "Huvudmeny"

    page = as_role("samordnare")
    expect(page.locator("main .lead")).to_contain_text("Linköping · Samordnare")
    headings = _headings(page)
    assert all(h in headings for h in FOR_EVERYONE + FOR_WRITERS), headings
    assert not any(h in headings for h in FOR_READERS), headings
    expect(page.get_by_role("navigation", name=nav)).to_contain_text("Import från Excel")
    page.goto(f"/ansokningar/{ids[OTHERS]}/")
    expect(page.get_by_role("link", name="Ändra", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Ändra till ”Under beredning”")).to_be_visible()

    page = as_role("redaktor")
    expect(page.locator("main .lead")).to_contain_text(
        "Linköping · Enhetsredaktör · dina enheters poster"
    )
    headings = _headings(page)
    assert all(h in headings for h in FOR_EVERYONE + FOR_WRITERS), headings
    page.goto(f"/ansokningar/{ids[OWN]}/")
    expect(page.get_by_role("link", name="Ändra", exact=True)).to_be_visible()
    page.goto(f"/ansokningar/{ids[OTHERS]}/")  # another committee's: read, not changed
    expect(page.get_by_role("heading", level=1)).to_have_text(OTHERS)
    expect(_changes(page)).to_have_count(0)

    page = as_role("lasare")
    expect(page.locator("main .lead")).to_contain_text("Linköping · Läsare")
    headings = _headings(page)
    assert all(h in headings for h in FOR_EVERYONE + FOR_READERS), headings
    assert not any(h in headings for h in FOR_WRITERS), headings
    expect(page.get_by_role("navigation", name=nav)).not_to_contain_text("Import från Excel")
    expect(_changes(page)).to_have_count(0)
    for url in ("/ansokningar/", f"/ansokningar/{ids[OWN]}/", f"/ansokningar/{ids[OTHERS]}/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Du saknar behörighet")
        expect(_changes(page)).to_have_count(0)
        expect(page.locator("main form[method=post]")).to_have_count(0)
    page.goto("/ansokningar/")
    expect(page.locator("#results tbody tr").first).to_be_visible()
    response = page.goto("/ansokningar/ny/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du saknar behörighet")
