"""Every page type's structure, checked without a browser (axe runs later in the browser tests):
landmarks, one h1, no skipped heading levels, unique ids, a label for every control, th scope,
a caption for every table, and a skip link to the main content."""

from html.parser import HTMLParser

import pytest

from utblick.policy.models import PriorityArea
from utblick.registry import REGISTERS


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.headings: list[int] = []
        self.landmarks: list[str] = []
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.fieldset_legends = 0
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.skip_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if tag in ("header", "nav", "main", "footer"):
            self.landmarks.append(tag)
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append({**attrs, "_in_label": self.label_depth > 0})
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and "scope" not in attrs:
            self.th_without_scope += 1
        if tag == "a" and attrs.get("href") == "#main" and "skip-link" in attrs.get("class", ""):
            self.skip_link = True

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1


def check(html: str, url: str) -> None:
    page = Structure()
    page.feed(html)
    assert page.headings.count(1) == 1, url
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, (url, page.headings)
    assert {"header", "main", "footer"} <= set(page.landmarks), url
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, (url, duplicates)
    for control in page.controls:
        labelled = control["_in_label"] or control.get("id") in page.label_for
        assert labelled or control.get("aria-label"), (url, control)
    assert page.tables == page.captions, url
    assert page.th_without_scope == 0, url
    assert page.skip_link, url


def _pages(register, record):
    base = record.get_absolute_url()
    return [register.list_url, base, register.create_url, base + "andra/", base + "arkivera/"]


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_every_register_page_is_well_structured(world, make, signed_in, register):
    PriorityArea.objects.create(municipality=world.home, key="a", name="Påverkan")
    record = make(register.key, world.home, world.committee)
    alice = signed_in(world.alice)
    for url in _pages(register, record):
        response = alice.get(url)
        assert response.status_code == 200, url
        check(response.content.decode(), url)


def test_the_other_pages_are_well_structured(world, make, signed_in, client):
    make("applications", world.home, world.committee)
    for user in (world.alice, world.bob, world.carol):
        check(signed_in(user).get("/").content.decode(), f"/ as {user}")
    check(signed_in(world.alice).get("/organisation/").content.decode(), "/organisation/")
    for url in ("/konto/logga-in/", "/konto/losenord/", "/konto/losenord/skickat/"):
        check(client.get(url).content.decode(), url)


def test_a_form_with_errors_is_well_structured(world, signed_in):
    html = signed_in(world.alice).post("/ansokningar/ny/", {"title": ""}).content.decode()
    check(html, "/ansokningar/ny/ with errors")
