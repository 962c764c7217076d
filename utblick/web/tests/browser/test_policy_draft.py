"""An administrator drafts the profile from the steering document in the browser: uploads a PDF,
keeps and drops proposals, edits the text, previews it and loads it."""

import re

import pytest
from playwright.sync_api import expect

from utblick.policy.models import ProfileVersion, Routine

pytestmark = pytest.mark.browser

POLICY_HTML = """<html><head><style>
body { font-family: sans-serif; font-size: 11pt; } h1 { font-size: 20pt; }
</style></head><body>
<h1>Program för internationellt arbete i Linköpings kommun</h1>
<p>Dokumenttyp: Program<br>Antaget av: Kommunfullmäktige 2025-02-24, § 31<br>
Diarienummer: KS 2024-901</p>
<h2>1 Inriktning</h2>
<p>Insatser ska planeras och genomföras inom två prioriterade områden:</p>
<ul><li>verksamhetsutveckling och kunskapsutbyten,</li><li>profilering och investeringsfrämjande</li></ul>
<h2>2 Ansvar och rutiner</h2>
<p>Kommunstyrelsen beslutar om deltagande i kommunövergripande nätverk och organisationer.
Medlemskap ska prövas med jämna mellanrum.</p>
<p>Vid ansökningar med en totalbudget på 12 miljoner kronor eller mer ska nämnden sända ett
informationsärende till kommunstyrelsen.</p>
</body></html>"""


def test_an_administrator_drafts_edits_and_loads_the_profile_from_a_pdf(page, demo, signed_in):
    from weasyprint import HTML

    pdf = HTML(string=POLICY_HTML).write_pdf()
    signed_in("admin")
    page.goto("/atgarder/styrdokument/")
    page.get_by_role("link", name="Ta fram ett utkast ur styrdokumentet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utkast ur styrdokumentet")

    page.locator("input[type=file][name=document]").set_input_files(
        {"name": "program.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="Ta fram ett utkast").click()
    expect(page.get_by_role("heading", name=re.compile("Förslag ur program.pdf"))).to_be_visible()

    # Each proposal stands beside the sentence it came from, with its page.
    row = page.get_by_role("row", name=re.compile("Informationsärende"))
    expect(row).to_contain_text("12 miljoner kronor eller mer ska nämnden sända ett")
    expect(row).to_contain_text("(s. 1)")
    text = page.get_by_label("Profilens text (TOML)")
    expect(text).to_have_value(re.compile(r"total_budget_sek__gte = 12_000_000"))
    expect(text).to_have_value(re.compile(r'\nregistry_number = "KS 2024-901"'))

    # Dropping a proposal rewrites the text at once (htmx), without it.
    expect(text).to_have_value(re.compile(r"\nevery_months = 24"))
    page.get_by_label(re.compile(r"^Rutin: Prövning av medlemskap")).uncheck()
    expect(text).not_to_have_value(re.compile(r"\nevery_months = 24"))
    expect(text).to_have_value(re.compile(r"\n# every_months = 24"))

    # The administrator edits a proposal in the text, then previews and loads it.
    edited = text.input_value().replace(
        "total_budget_sek__gte = 12_000_000", "total_budget_sek__gte = 10_000_000"
    )
    text.fill(edited)
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(
        page.get_by_role("heading", name=re.compile("Vad den nya versionen skulle göra"))
    ).to_be_visible()
    page.get_by_label("Varför läses versionen in?").fill("Utkast ur programmet, granskat")
    page.get_by_label("Jag har granskat ändringarna och vill läsa in den nya versionen").check()
    page.get_by_role("button", name="Läs in den nya versionen").click()
    expect(page.get_by_text(re.compile(r"Version \d+ av styrdokumentet är inläst"))).to_be_visible()

    current = ProfileVersion.objects.get(municipality=demo.municipality, is_current=True)
    assert current.source_name == "utkast-program.toml"
    assert current.registry_number == "KS 2024-901"
    assert current.reason == "Utkast ur programmet, granskat"
    routines = Routine.objects.filter(municipality=demo.municipality, retired_at__isnull=True)
    keys = set(routines.values_list("key", flat=True))
    assert "informationsarende" in keys and "provning-medlemskap" not in keys
    routine = routines.get(key="informationsarende")
    assert routine.bound("applications", "total_budget_sek") == 10_000_000
