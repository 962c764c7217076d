"""Screenshots of the main pages, for people to look at: test-artifacts/screenshots/*.png.

The directory is gitignored; CI keeps it as an artifact. The test proves only that each page
opens and renders; what the pictures show is for a reviewer's eyes.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from utblick.imports.tests.files import xlsx
from utblick.registers.models import FundingApplication
from utblick.registry import REGISTERS
from utblick.web.tests.browser import comparison
from utblick.web.tests.browser.conftest import open_page, sign_in

pytestmark = pytest.mark.browser

IMPORT = xlsx(
    ["Titel *", "Annan finansiär", "Roll *", "Ägande nämnd eller bolag *", "Sista ansökningsdag"],
    ["Digital vägledning", "Vinnova", "Partner", "Bildningsnämnden", "2026-03-15"],
    ["Hållbara evenemang", "Tillväxtverket", "Partner", "Kommunstyrelsen", "15/9/2026"],
    sheet="Ansökningar",
)
ROLES = {"samordnare": "coordinator", "redaktor": "unit-editor", "lasare": "reader"}
PNG = b"\x89PNG\r\n\x1a\n"


def test_screenshots_of_the_main_pages(browser, demo, console, artifacts):
    folder = artifacts / "screenshots"
    taken = []

    def shoot(page, name: str) -> None:
        expect(page.locator("main h1")).to_be_visible()
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=True, animations="disabled")
        taken.append(path)

    for role, english in ROLES.items():
        context, page = open_page(browser, demo, console)
        sign_in(page, demo.user(role), demo.password)
        shoot(page, f"dashboard-{english}")
        context.close()

    context, page = open_page(browser, demo, console)
    sign_in(page, demo.user("samordnare"), demo.password)
    for register in REGISTERS:
        page.goto(register.list_url)
        shoot(page, f"list-{register.key.replace('_', '-')}")

    running = FundingApplication.objects.get(
        municipality=demo.municipality, title="Vägen in – språk och arbete för nyanlända kvinnor"
    )
    page.goto(f"/ansokningar/{running.pk}/")
    shoot(page, "application-detail")

    page.goto("/ansokningar/ny/")
    page.get_by_label("Titel").fill("Sommarskola i Tartu")
    page.get_by_label("Projektstart").fill("2026-08-01")
    page.get_by_label("Projektslut").fill("2026-06-30")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#error-summary")).to_be_focused()
    shoot(page, "application-form-with-errors")

    page.goto("/import/ansokningar/")
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "ansokningar.xlsx", "mimeType": "application/octet-stream", "buffer": IMPORT}
        ],
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Filen har 1 fel")).to_be_visible()
    shoot(page, "import-preview-with-errors")
    context.close()

    # A phone's width: the same dashboard, one column.
    context, page = open_page(browser, demo, console)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, demo.user("samordnare"), demo.password)
    shoot(page, "dashboard-coordinator-narrow")
    context.close()

    assert len(taken) == 3 + len(REGISTERS) + 4
    for path in taken:
        assert path.read_bytes()[:8] == PNG, path
    assert not console.csp_violations and not console.errors, console


@pytest.fixture
def malmo(browser, transactional_db, live_server, settings, tmp_path):
    """Malmö's demo data, committed, served (the comparison's municipality)."""
    from utblick.demo import content
    from utblick.web.tests.browser.conftest import Demo, load_demo_municipality

    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    municipality, spec = load_demo_municipality(comparison.MUNICIPALITY)
    return Demo(live_server.url, municipality, content.DEMO_PASSWORD, spec["slug"])


def test_screenshots_to_compare_before_and_after(browser, malmo, console, artifacts):
    """The same four pages each time; SCREENSHOTS_DIR (scripts/screenshots) keeps a copy."""
    folders = [artifacts / "screenshots" / "compare"]
    if os.environ.get("SCREENSHOTS_DIR"):
        folders.append(Path(os.environ["SCREENSHOTS_DIR"]))
    application = FundingApplication.objects.get(
        municipality=malmo.municipality, acronym=comparison.APPLICATION
    )
    names = comparison.take(browser, malmo, console, folders, f"/ansokningar/{application.pk}/")
    assert names == [f"{name}.png" for name, _, _ in comparison.PAGES]
    for folder in folders:
        for name in names:
            assert (folder / name).read_bytes()[:8] == PNG, folder / name
    assert not console.csp_violations and not console.errors, console
