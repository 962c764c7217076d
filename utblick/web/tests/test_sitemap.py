"""The list of page types for browser checks reaches every page type and every one answers 200."""

from utblick.registry import REGISTERS
from utblick.web.sitemap import PUBLIC_PAGES, page_types


def test_it_names_every_page_type_and_each_opens(world, make, signed_in, client):
    for register in REGISTERS:
        make(register.key, world.home, world.committee)
    pages = dict(page_types(world.actor(world.alice)))
    for register in REGISTERS:
        for kind in ("list", "create", "detail", "edit", "archive"):
            assert f"{register.key}: {kind}" in pages
    alice = signed_in(world.alice)
    for name, url in pages.items():
        assert alice.get(url).status_code == 200, name
    for url in PUBLIC_PAGES:
        assert client.get(url).status_code == 200, url


def test_a_reader_is_given_only_pages_it_may_open(world, make, signed_in):
    make("visits", world.home, world.committee)
    pages = dict(page_types(world.actor(world.carol)))
    assert "visits: detail" in pages and "visits: edit" not in pages
    assert not any(name.endswith(": create") for name in pages)
    carol = signed_in(world.carol)
    assert all(carol.get(url).status_code == 200 for url in pages.values())
