"""The pages compared before and after a change of how they look, taken the same way each time.

The coordinator's and the politician's dashboard, the obligations list and an application, at
1280 CSS pixels, from Malmö's demo data (the municipality with the most records from before
its tracking began). `take` writes one PNG per page into each folder given; the browser test
`test_screenshots.py` calls it for the test artifacts, and `scripts/screenshots DIR` runs that
test to put the same pictures into `docs/screenshots/<DIR>/`.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from utblick.web.tests.browser.conftest import open_page, sign_in

MUNICIPALITY = "1280"  # Malmö
APPLICATION = "CIRCMAL"  # submitted, an open conflict and obligations, partners
WIDTH = 1280
# (file name, demo role, address or None for the application)
PAGES = (
    ("dashboard-coordinator", "samordnare", "/"),
    ("dashboard-politician", "lasare", "/"),
    ("obligations", "samordnare", "/atgarder/"),
    ("application", "samordnare", None),
)


def take(browser, demo, console, folders: list[Path], application_url: str) -> list[str]:
    """Screenshot every page of PAGES into every folder; the names written."""
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, role, url in PAGES:
        context, page = open_page(browser, demo, console)
        page.set_viewport_size({"width": WIDTH, "height": 900})
        sign_in(page, demo.user(role), demo.password)
        page.goto(url or application_url)
        expect(page.locator("main h1")).to_be_visible()
        image = page.screenshot(full_page=True, animations="disabled")
        for folder in folders:
            (folder / f"{name}.png").write_bytes(image)
        names.append(f"{name}.png")
        context.close()
    return names
