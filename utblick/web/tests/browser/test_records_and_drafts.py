"""A coordinator's daily work with a record's rows and the drafts made from the registers, in a
real browser: partners and cost items in the form, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from utblick.registers.models import FundingApplication
from utblick.web.tests.browser import axe
from utblick.web.tests.browser.test_screenshots import malmo  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def test_partners_are_added_in_the_form_and_counted_by_country(signed_in, demo):
    page = signed_in("samordnare")
    application = FundingApplication.objects.filter(municipality=demo.municipality).first()
    page.goto(application.get_absolute_url() + "andra/")
    rows = page.locator("#rows-partners")
    before = rows.locator(".child-row").count()
    rows.get_by_role("button", name="Lägg till en rad").click()
    expect(rows.locator(".child-row")).to_have_count(before + 1)
    last = rows.locator(".child-row").last
    last.get_by_label("Organisation").fill("Stadt Kiel")
    last.get_by_label("Land").select_option(label="Tyskland")
    assert axe.violations(page) == []
    page.get_by_role("button", name="Spara ändringarna").click()

    expect(page.locator("#messages")).to_contain_text("Ändringarna har sparats.")
    expect(page.locator("main")).to_contain_text("Stadt Kiel")
    expect(page.locator("#history")).to_contain_text("Stadt Kiel")
    assert application.partners.filter(name="Stadt Kiel", country_id="DE").exists()

    page.goto("/ansokningar/?country=DE")
    expect(page.get_by_role("link", name=re.compile(re.escape(application.title)))).to_be_visible()


def test_a_partner_row_is_changed_and_another_removed_in_the_form_and_both_are_in_the_history(
    signed_in, demo
):
    """Issue 14 item 1: partners are edited and removed in the application's form too."""
    from utblick.registers.models import ProjectPartner

    application = FundingApplication.objects.filter(municipality=demo.municipality).first()
    ProjectPartner.objects.create(application=application, name="Stadt Kiel", country_id="DE")
    ProjectPartner.objects.create(application=application, name="Tartu linn", country_id="EE")
    page = signed_in("samordnare")
    page.goto(application.get_absolute_url() + "andra/")
    rows = page.locator("#rows-partners .child-row")

    def row(name: str):
        return rows.filter(has=page.locator(f'input[value="{name}"]'))

    row("Stadt Kiel").get_by_label("Organisation").fill("Landeshauptstadt Kiel")
    row("Stadt Kiel").get_by_label("Ort", exact=True).fill("Kiel")
    row("Tartu linn").get_by_label("Ta bort raden när du sparar").check()
    page.get_by_role("button", name="Spara ändringarna").click()

    expect(page.locator("#messages")).to_contain_text("Ändringarna har sparats.")
    history = page.locator("#history")
    changed = history.get_by_role("row", name=re.compile("Stadt Kiel.*: organisation", re.I))
    expect(changed.first.locator("td")).to_have_text(["Stadt Kiel", "Landeshauptstadt Kiel"])
    removed = history.get_by_role("row", name=re.compile("Tartu linn.*: organisation", re.I))
    expect(removed.first.locator("td")).to_have_text(["Tartu linn", "–"])
    assert application.partners.filter(
        name="Landeshauptstadt Kiel", city="Kiel", country_id="DE"
    ).exists()
    assert not application.partners.filter(name="Tartu linn").exists()
    assert ProjectPartner.history.filter(name="Tartu linn", history_type="-").exists()


def test_the_yearly_report_page_has_one_year_selector_that_keeps_its_year(signed_in, demo):
    page = signed_in("samordnare")
    page.goto("/uppfoljning/arsrapport/?ar=2024")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024")
    expect(page.locator('select[name="ar"]')).to_have_count(1)
    expect(page.locator('select[name="ar"]')).to_have_value("2024")
    expect(page.get_by_role("heading", name="Ta fram rapporten för 2024")).to_be_visible()
    assert axe.violations(page) == []


@pytest.mark.parametrize("width", [1280, 320])
def test_the_import_pages_are_in_the_sites_style_and_accessible(signed_in, demo, width):
    from utblick.web.tests.browser.test_accessibility import _SIDEWAYS

    page = signed_in("samordnare")
    page.set_viewport_size({"width": width, "height": 800})
    for url in ("/import/", "/import/aktiviteter/", "/import/egen-fond/"):
        page.goto(url)
        expect(page.locator(".breadcrumbs")).to_be_visible()
        assert axe.violations(page) == [], url
        assert page.evaluate(_SIDEWAYS)["extra"] <= 0, url
    page.goto("/import/")
    for label in ("Aktiviteter", "Ärenden och beslut", "Bevakning", "Ansökningar ur egen fond"):
        expect(page.get_by_role("rowheader", name=label)).to_be_visible()


def test_a_visit_form_is_checked_against_the_routines_before_it_is_saved(signed_in, demo):
    from utblick.registers.models import Visit

    before = Visit.objects.filter(municipality=demo.municipality).count()
    page = signed_in("samordnare")
    page.goto("/besok/ny/")
    page.locator("#id_title").fill("Delegation till Tartu")
    page.locator("#id_direction").select_option(index=1)
    page.locator("#id_kind").select_option(index=1)
    page.locator("#id_unit").select_option(index=1)
    page.locator("#id_country").select_option(label="Estland")
    page.locator("#id_starts_on").fill("2027-05-04")
    page.get_by_role("button", name="Kontrollera mot rutinerna").click()
    expect(page.locator("#routine-check")).to_contain_text("inget är sparat")
    expect(page.locator("#id_title")).to_have_value("Delegation till Tartu")
    assert axe.violations(page) == []
    assert Visit.objects.filter(municipality=demo.municipality).count() == before


def _fill_visit(page, title: str) -> None:
    page.locator("#id_title").fill(title)
    page.locator("#id_direction").select_option(index=1)
    page.locator("#id_kind").select_option(index=1)
    page.locator("#id_unit").select_option(index=1)
    page.locator("#id_starts_on").fill("2027-05-04")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_long_select_is_chosen_by_typing_part_of_a_name(signed_in, demo, width):
    """Issue 14: type-ahead on long selects (249 countries); the select is what is saved."""
    from utblick.registers.models import Visit

    page = signed_in("samordnare")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/besok/ny/")
    country = page.locator("#id_country")
    every = country.locator("option").count()
    assert every > 200
    field = page.locator(".field", has=country)
    search = field.get_by_role("searchbox", name="Sök i listan", exact=True)
    expect(search).to_have_attribute("aria-describedby", re.compile("id_country"))
    search.fill("estl")
    expect(country).to_have_value("EE")
    expect(country.locator("option:not([value=''])")).to_have_count(1)
    expect(field.locator(".typeahead__count")).to_have_text("1 träff")
    assert axe.violations(page) == []
    search.fill("")  # the whole list is back, the choice kept
    expect(country.locator("option")).to_have_count(every)
    expect(country).to_have_value("EE")
    _fill_visit(page, f"Studieresa till Tallinn ({width})")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("har sparats")
    assert Visit.objects.get(title=f"Studieresa till Tallinn ({width})").country_id == "EE"


def test_without_javascript_a_long_select_is_a_plain_select_and_the_form_saves(
    browser, demo, console
):
    from utblick.registers.models import Visit
    from utblick.web.tests.browser.conftest import TIMEOUT_MS, VIEWPORT, sign_in

    context = browser.new_context(
        base_url=demo.url, locale="sv-SE", viewport=VIEWPORT, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, demo.user("samordnare"), demo.password)
    page.goto("/besok/ny/")
    expect(page.locator(".typeahead")).to_have_count(0)
    page.locator("#id_country").select_option(label="Estland")
    _fill_visit(page, "Studieresa utan skript")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("har sparats")
    assert Visit.objects.get(title="Studieresa utan skript").country_id == "EE"
    context.close()


def _draft_text(page) -> str:
    """The information matter's draft, downloaded from the application's page, as text."""
    import io

    import docx

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner utkast till informationsärende (Word)").click()
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_downloaded_draft_says_what_is_open_and_then_states_what_was_recorded(
    browser,
    malmo,  # noqa: F811
    console,
):
    """Issue 14 item 2: drafts that tell the truth, downloaded through the page; M3."""
    from utblick.routines.engine import sync
    from utblick.routines.models import Obligation
    from utblick.web.tests.browser.comparison import APPLICATION
    from utblick.web.tests.browser.conftest import open_page, sign_in

    application = FundingApplication.objects.get(
        municipality=malmo.municipality, acronym=APPLICATION
    )
    about = Obligation.objects.filter(
        object_id=application.pk, content_type__model="fundingapplication", status=sync.OPEN
    ).select_related("routine")
    [conflict] = [o for o in about if o.is_conflict]
    [informing] = [o for o in about if o.routine.key == "ansokan-informera-ksf"]
    context, page = open_page(browser, malmo, console)
    sign_in(page, malmo.user("samordnare"), malmo.password)
    page.goto(application.get_absolute_url())

    text = _draft_text(page)
    assert f"Registren visar en öppen policykonflikt: {conflict.title}." in text
    assert "[ATT FYLLA I: hur konflikten har lösts eller vem som beslutat]" in text
    assert f"har ännu inte informerats om ansökan: åtgärden ”{informing.title}” är öppen" in text
    assert "har informerats om ansökan enligt policyns rutin" not in text

    # The office is informed, and that is recorded on the obligation's page.
    page.locator("#record-obligations").get_by_role("link", name=informing.title).click()
    page.get_by_label("Underlag", exact=True).fill("Mejl till EU-strategen med ansökan bifogad")
    page.get_by_role("button", name="Markera som klar").click()
    expect(page.locator("#messages")).to_have_text(re.compile(r"\S"))
    page.goto(application.get_absolute_url())

    text = _draft_text(page)
    assert (
        f"har informerats om ansökan enligt policyns rutin (åtgärden ”{informing.title}” är gjord"
        in text
    )
    assert "har ännu inte informerats" not in text
    assert f"Registren visar en öppen policykonflikt: {conflict.title}." in text  # still open
    context.close()
    assert not console.csp_violations and not console.errors, console


def test_a_partner_municipality_abroad_raises_the_figure_on_the_politicians_summary(
    browser, demo, console
):
    """Issue 14 item 1: "Projekt med kommuner i andra länder" counts the partners registered in
    the form (a local authority outside Sweden, in a project running this year)."""
    from django.utils import timezone

    from utblick.web.tests.browser.conftest import open_page, sign_in

    year = timezone.localdate().year
    running = FundingApplication.objects.filter(
        municipality=demo.municipality, status="running", starts_on__year__lte=year
    ).exclude(ends_on__year__lt=year)
    application = next(
        a
        for a in running
        if not a.partners.filter(is_local_authority=True).exclude(country_id="SE").exists()
    )
    reader, summary = open_page(browser, demo, console)
    sign_in(summary, demo.user("lasare"), demo.password)
    figure = summary.get_by_role("row", name=re.compile("Projekt med kommuner i andra länder"))
    before = int(figure.get_by_role("cell").first.inner_text())

    coordinator, page = open_page(browser, demo, console)
    sign_in(page, demo.user("samordnare"), demo.password)
    page.goto(application.get_absolute_url() + "andra/")
    rows = page.locator("#rows-partners")
    last = rows.locator(".child-row").last
    if last.get_by_label("Organisation").input_value():
        rows.get_by_role("button", name="Lägg till en rad").click()
        last = rows.locator(".child-row").last
    last.get_by_label("Organisation").fill("Tartu linn")
    last.get_by_label("Land").select_option(label="Estland")
    last.get_by_label("Kommun eller region").check()
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.locator("#messages")).to_contain_text("Ändringarna har sparats.")
    coordinator.close()

    summary.reload()
    expect(figure.get_by_role("cell").first).to_have_text(str(before + 1))
    reader.close()
    assert not console.csp_violations and not console.errors, console
