"""The keyboard alone: the skip link first, then the main navigation, focus always visible."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The focused element's outline (the site's :focus-visible style) and where it is drawn.
_FOCUS = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {
    tag: el.tagName, text: (el.innerText || el.value || el.name || "").trim().slice(0, 40),
    outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
    inView: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
      && box.right <= innerWidth && box.bottom <= innerHeight + scrollY,
    inNav: !!el.closest("nav.site-nav"), inMain: !!el.closest("main"),
  };
}"""


def _focus(page) -> dict:
    focus = page.evaluate(_FOCUS)
    assert focus["tag"] != "BODY", "focus was lost"
    assert focus["outline"] != "none" and focus["width"] >= 2, f"focus not visible: {focus}"
    assert focus["inView"], f"focused element outside the page: {focus}"
    return focus


def _tab_until(page, where: str, limit: int = 15) -> list[dict]:
    """Tab on until focus is inside `where` ("inNav", "inMain"); every stop visibly focused."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(_focus(page))
        if stops[-1][where]:
            return stops
    raise AssertionError(f"{where} not reached in {limit} steps: {stops}")


def test_tab_reaches_the_skip_link_and_the_main_navigation_with_visible_focus(signed_in):
    page = signed_in("samordnare")
    for url in ("/", "/ansokningar/ny/"):  # the dashboard and a form
        _from_the_top(page, url)


def _from_the_top(page, url: str) -> None:
    page.goto(url)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    _focus(page)

    _tab_until(page, "inNav")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav.get_by_role("link", name="Översikt")).to_be_focused()
    page.keyboard.press("Tab")  # on through the navigation, link by link
    expect(nav.get_by_role("link", name="Medlemskap i nätverk")).to_be_focused()
    _focus(page)

    # The skip link passes the header and the navigation: the next stop is in the content.
    page.goto(url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    _tab_until(page, "inMain", limit=1)
    if url == "/ansokningar/ny/":  # on through the breadcrumbs to the form's first field
        title = page.get_by_label("Titel")
        for _ in range(6):
            if title.evaluate("el => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
            _focus(page)
        expect(title).to_be_focused()
