"""A list's count reads at most the cap + 1 rows: on the largest organisation's lists the page
says "more than 10 000" instead of counting every row, and the pages cover the first 10 000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.core.pagination import CappedPaginator
from utblick.web.tests.test_query_counts import PAGES


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)


def test_a_list_longer_than_the_cap_says_so_without_counting_every_row(
    world, make, signed_in, cap_of_three
):
    for _ in range(5):
        make("memberships", world.home, world.committee)
    alice = signed_in(world.alice)
    with CaptureQueriesContext(connection) as queries:
        html = alice.get("/medlemskap/").content.decode()
    assert "Fler än 3 träffar – avgränsa med filtren" in html
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].upper().startswith("SELECT COUNT(") and "networkmembership" in q["sql"]
    ]
    assert len(counts) == 1 and "LIMIT 4" in counts[0]
    assert len(queries.captured_queries) == PAGES["memberships"][0]  # still one count query


def test_a_list_within_the_cap_gives_its_exact_count(world, make, signed_in, cap_of_three):
    for _ in range(3):
        make("memberships", world.home, world.committee)
    html = signed_in(world.alice).get("/medlemskap/").content.decode()
    assert "3 poster" in html and "Fler än" not in html


def test_the_pages_of_a_capped_list_cover_the_first_rows_only():
    paginator = CappedPaginator(list(range(25)), 2)
    paginator.cap = 10
    assert paginator.capped and paginator.count == 10 and paginator.num_pages == 5
    assert list(paginator.get_page(99)) == [8, 9]  # the last page within the cap
    exact = CappedPaginator(list(range(7)), 2)
    assert not exact.capped and exact.count == 7
