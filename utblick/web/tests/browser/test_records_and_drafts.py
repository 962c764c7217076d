"""A coordinator's daily work with a record's rows and the drafts made from the registers, in a
real browser: partners and cost items in the form, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from utblick.registers.models import FundingApplication
from utblick.web.tests.browser import axe

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
