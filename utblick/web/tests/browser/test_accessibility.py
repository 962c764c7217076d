"""axe-core over every page type, and the Content Security Policy, in a real browser."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from utblick.imports.tests.files import xlsx
from utblick.organisation.roles import actor_for
from utblick.web.sitemap import PUBLIC_PAGES, page_types
from utblick.web.tests.browser import axe
from utblick.web.tests.browser.conftest import open_page, sign_in
from utblick.web.tests.browser.report import AXE_PROPERTY

pytestmark = pytest.mark.browser

BAD_IMPORT = xlsx(
    ["Titel *", "Annan finansiär", "Roll *", "Ägande nämnd eller bolag *", "Sista ansökningsdag"],
    ["Projekt med fel datum", "Fonden", "Partner", "Kultur- och fritidsnämnden", "31/12/2025"],
    sheet="Ansökningar",
)


def _check(page, results, group, name, url=None):
    """Open `url` (or take the page as it is now) and run axe on it."""
    if url is not None:
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
    address = urlsplit(page.url)
    path = f"{address.path}?{address.query}" if address.query else address.path
    results.append(axe.Checked(group, name, path, axe.violations(page)))


def _publish_a_report(demo) -> str:
    """The demo municipality's report for last year, compiled and published: its public page."""
    from django.utils import timezone

    from utblick.reporting import services

    coordinator = get_user_model().objects.get(username=demo.user("samordnare"))
    actor = actor_for(coordinator, demo.municipality)
    run = services.report_run_request(actor=actor, year=timezone.localdate().year - 1, fmt="xlsx")
    run = services.report_run_execute(run.pk)
    services.report_publish(actor=actor, run=run, decision_reference="KS 2026-01-15 § 7")
    return f"/kommun/{demo.municipality.code}/internationellt/"


def _first_obligation(actor) -> list[tuple[str, str]]:
    from utblick.routines.selectors import obligations_visible

    found = obligations_visible(actor).order_by("pk").first()
    return [("obligations: detail", f"/atgarder/{found.pk}/")] if found else []


# 1280 px: a laptop; 320 px: WCAG 1.4.10's reflow width (a phone, or 400 % zoom).
WIDTHS = (1280, 320)


def test_every_page_type_has_no_wcag_2_1_a_or_aa_violations(
    browser, demo, console, artifacts, record_property
):
    users = get_user_model().objects
    coordinator = users.get(username=demo.user("samordnare"))
    actor = actor_for(coordinator, demo.municipality)
    pages = [*page_types(actor), *_first_obligation(actor)]
    public_page = _publish_a_report(demo)
    results: list[axe.Checked] = []
    context, page = open_page(browser, demo, console)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in (*PUBLIC_PAGES, public_page):  # the sign-in page is the first
            _check(page, results, f"utloggad {width}", url, url)

    sign_in(page, coordinator.username, demo.password)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages:
            _check(page, results, f"samordnare {width}", name, url)
    page.set_viewport_size({"width": 1280, "height": 900})

    # States the site map's addresses do not show: errors, an in-place update, the import.
    page.goto("/ansokningar/ny/")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#error-summary")).to_be_focused()
    _check(page, results, "samordnare", "applications: create, with errors")

    page.goto("/ansokningar/")
    page.get_by_label("Status").select_option(label="Pågående projekt")
    expect(page).to_have_url(re.compile(r"/ansokningar/\?status=running$"))
    _check(page, results, "samordnare", "applications: list, filtered in place")

    for width in reversed(WIDTHS):  # 320 first, ending at 1280 for the preview below
        page.set_viewport_size({"width": width, "height": 900})
        _check(page, results, f"samordnare {width}", "import: index", "/import/")
        _check(page, results, f"samordnare {width}", "import: upload", "/import/ansokningar/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "fel.xlsx", "mimeType": "application/octet-stream", "buffer": BAD_IMPORT}],
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Filen har 1 fel")).to_be_visible()
    _check(page, results, "samordnare", "import: preview, with errors")
    # The check can fail: an image without a text alternative is found (and left out).
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">')"
    )
    assert "image-alt" in {v["id"] for v in axe.violations(page)}
    context.close()

    for role, label in (("redaktor", "enhetsredaktör"), ("lasare", "läsare")):
        context, page = open_page(browser, demo, console)
        sign_in(page, demo.user(role), demo.password)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            _check(page, results, f"{label} {width}", "dashboard", "/")
            _check(page, results, f"{label} {width}", "applications: list", "/ansokningar/")
        context.close()

    report = axe.table(results)
    (artifacts / "axe-report.txt").write_text(report, encoding="utf-8")
    record_property(AXE_PROPERTY, report)  # printed in the terminal summary
    assert not console.csp_violations and not console.errors, console
    assert sum(r.count for r in results) == 0, report


# The page's width beyond the window, and what sticks out (scroll boxes may scroll inside).
_SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect(), parent = el.parentElement.getBoundingClientRect();
    if (box.right > width + 1 && parent.right <= width + 1 && !el.closest(".table-wrap, .site-nav"))
      out.push(`${el.tagName.toLowerCase()}.${el.className}`);
  }
  return {extra: document.documentElement.scrollWidth - width, sticking_out: out.slice(0, 5)};
}"""


def test_every_page_type_reflows_at_320_css_pixels_without_sideways_scrolling(
    browser, demo, console
):
    """WCAG 2.1 1.4.10 (which axe cannot check): wide tables scroll in their own box only."""
    coordinator = get_user_model().objects.get(username=demo.user("samordnare"))
    context, page = open_page(browser, demo, console)
    page.set_viewport_size({"width": 320, "height": 640})
    sideways = {}
    for url in PUBLIC_PAGES:
        page.goto(url)
        sideways[url] = page.evaluate(_SIDEWAYS)
    public_page = _publish_a_report(demo)
    page.goto(public_page)
    sideways["public page"] = page.evaluate(_SIDEWAYS)
    sign_in(page, coordinator.username, demo.password)
    actor = actor_for(coordinator, demo.municipality)
    for name, url in [*page_types(actor), *_first_obligation(actor), ("import", "/import/")]:
        page.goto(url)
        sideways[name] = page.evaluate(_SIDEWAYS)
    context.close()
    assert not console.csp_violations and not console.errors, console
    wider = [f"{name}: {found}" for name, found in sideways.items() if found["extra"] > 0]
    assert not wider, "pages wider than 320 px:\n" + "\n".join(wider)


def test_pages_and_their_in_place_updates_keep_to_the_content_security_policy(page, demo, console):
    """No bypass: the CSP is enforced as served, and nothing the pages do breaks it."""
    sign_in(page, demo.user("samordnare"), demo.password)
    page.goto("/ansokningar/")
    page.get_by_label("Sök", exact=True).fill("stadskärna")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Levande stadskärna – URBACT-nätverk").click()
    page.get_by_role("button", name="Ändra till ”Under beredning”").click()
    expect(page.locator("#record-status")).to_have_text("Under beredning")
    for url in ("/", "/organisation/", "/ansokningar/ny/", "/import/", "/besok/"):
        page.goto(url)
    assert page.evaluate("typeof htmx") == "object"  # the scripts loaded under the CSP
    assert console.csp_violations == []

    # The listener hears a violation: an inline script is refused and reported.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.inlineRan = true'; document.body.append(s); }"
        )
    assert page.evaluate("window.inlineRan === undefined")
    assert console.csp_violations, "an inline script must be refused and reported"
    console.messages.clear()  # the deliberate violation is not the page's


# Tables whose box scrolls sideways (wider than the box they sit in).
_CLIPPED_TABLES = """() => [...document.querySelectorAll(".table-wrap")]
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map(box => (box.querySelector("caption") || box).textContent.trim().slice(0, 60))"""


def test_tables_fit_at_1280_css_pixels_on_every_page_type(browser, demo, console):
    """At a laptop's width no table scrolls in its box: badges, last columns, amounts show."""
    coordinator = get_user_model().objects.get(username=demo.user("samordnare"))
    public_page = _publish_a_report(demo)
    context, page = open_page(browser, demo, console)
    clipped = {}
    page.goto(public_page)
    clipped["public page"] = page.evaluate(_CLIPPED_TABLES)
    sign_in(page, coordinator.username, demo.password)
    actor = actor_for(coordinator, demo.municipality)
    for name, url in [*page_types(actor), *_first_obligation(actor)]:
        page.goto(url)
        clipped[name] = page.evaluate(_CLIPPED_TABLES)
    context.close()
    found = [f"{name}: {tables}" for name, tables in clipped.items() if tables]
    assert not found, "tables wider than their box at 1280 px:\n" + "\n".join(found)


def test_scroll_boxes_can_be_reached_by_keyboard(browser, demo, console):
    """axe's scrollable-region-focusable: every table box is a focusable, named region."""
    coordinator = get_user_model().objects.get(username=demo.user("samordnare"))
    public_page = _publish_a_report(demo)
    context, page = open_page(browser, demo, console)
    page.set_viewport_size({"width": 320, "height": 640})
    unreachable = {}
    page.goto(public_page)
    unreachable["public page"] = page.evaluate(_UNREACHABLE)
    sign_in(page, coordinator.username, demo.password)
    for url in ("/", "/atgarder/", "/ansokningar/", "/omvarld/kalender/"):
        page.goto(url)
        unreachable[url] = page.evaluate(_UNREACHABLE)
    context.close()
    assert not any(unreachable.values()), unreachable


_UNREACHABLE = """() => [...document.querySelectorAll(".table-wrap")]
  .filter(box => box.scrollWidth > box.clientWidth + 1 && box.tabIndex < 0)
  .map(box => box.className)"""
