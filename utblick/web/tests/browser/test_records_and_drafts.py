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
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.locator("#messages")).to_contain_text("Ändringarna har sparats.")
    expect(page.locator("main")).to_contain_text("Stadt Kiel")
    expect(page.locator("#history")).to_contain_text("Stadt Kiel")
    assert application.partners.filter(name="Stadt Kiel", country_id="DE").exists()

    page.goto("/ansokningar/?country=DE")
    expect(page.get_by_role("link", name=re.compile(re.escape(application.title)))).to_be_visible()
