"""Pinned query counts for every page type, and lists and detail pages that do not grow with rows.

Every signed-in page starts with the same four queries:
  1 session, 2 user, 3 the user's roles (with municipalities, for the header's switch),
  4 the actor's role in the current municipality (+1 for a unit editor: the unit's subtree);
  … the page's own queries. A page view does not save the session (SlidingSessionMiddleware
  refreshes it every SESSION_REFRESH_SECONDS).
A list adds its filters' choices (units, priority areas, programmes, countries in use: a query
each the first time, none while they are cached, see `test_a_list_with_its_choices_cached`),
the count and the page; a detail page the record (links joined), one query per list of links and per kind
of related record, and the history; a form one query per choice field (and, editing, the record
and its current many-to-many links). The detail page of a record a routine can be about (a
membership, partnership, application, visit, matter or unit: any register a routine's check
can name) adds one: its open obligations and policy
conflicts (utblick.routines). The header's unread notifications cost nothing: they are a
subquery of query 3.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utblick.policy.models import PriorityArea
from utblick.registers.models import ProjectPartner
from utblick.registry import REGISTERS

# A writer's start page counts the obligations waiting for review (+1); a reader's summary
# reads one snapshot of the registers, the policy's goals and the indicator values (reporting's
# summary_for: a fixed number, whatever the number of records) instead of the obligations.
DASHBOARD = {"alice": 16, "bob": 17, "carol": 28}
# Its second view reads the panels from the cache: only the queries every signed-in page makes
# (test_dashboard_cache.py proves each write that changes a panel is seen at the next view).
CACHED_DASHBOARD = {"alice": 4, "bob": 5, "carol": 4}

PAGES = {
    # register: (list, detail, create form, edit form)
    "memberships": (9, 14, 11, 16),
    "partnerships": (9, 13, 11, 16),
    "applications": (10, 15, 12, 18),
    "visits": (9, 13, 12, 17),
    "grants": (8, 10, 10, 14),
    "monitoring_items": (8, 10, 9, 14),
    "activities": (8, 9, 9, 13),
    "matters": (8, 11, 13, 17),
    "units": (6, 10, 5, 6),
    "people": (7, 10, 5, 6),
    "contact_people": (7, 6, 6, 9),
}

# A list whose filters' choices are cached: the four first queries, the count and the page.
CACHED_LIST = 6


def test_every_register_has_a_pinned_budget():
    assert set(PAGES) == {register.key for register in REGISTERS}


@pytest.mark.parametrize("user", sorted(DASHBOARD))
def test_the_dashboard_query_count_is_pinned(
    world, make, signed_in, django_assert_num_queries, user
):
    today = timezone.localdate()
    for unit in (world.committee, world.other_committee):
        make("visits", world.home, unit, starts_on=today + dt.timedelta(days=3))
        make("applications", world.home, unit)
        make("memberships", world.home, unit, next_review_on=today)
        make("matters", world.home, unit, decided_on=today, outcome="noted", body=world.board)
    PriorityArea.objects.create(municipality=world.home, key="a", name="A")
    client = signed_in(getattr(world, user))
    with django_assert_num_queries(DASHBOARD[user]):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_register_page_query_counts_are_pinned(
    world, make, signed_in, django_assert_num_queries, register
):
    record = make(register.key, world.home, world.committee)
    alice = signed_in(world.alice)
    listed, detail, create, edit = PAGES[register.key]
    for url, expected in (
        (register.list_url, listed),
        (record.get_absolute_url(), detail),
        (register.create_url, create),
        (record.get_absolute_url() + "andra/", edit),
    ):
        with django_assert_num_queries(expected):
            assert alice.get(url).status_code == 200, url


def _many(register, world, make, count):
    area = PriorityArea.objects.get_or_create(municipality=world.home, key="x", name="X")[0]
    for number in range(count):
        record = make(
            register.key, world.home, [world.committee, world.other_committee][number % 2]
        )
        if hasattr(record, "priority_areas"):
            record.priority_areas.add(area)


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_a_list_does_not_grow_with_its_rows(
    world, make, signed_in, django_assert_num_queries, register
):
    _many(register, world, make, 2)
    alice = signed_in(world.alice)
    with django_assert_num_queries(PAGES[register.key][0]):
        alice.get(register.list_url)
    _many(register, world, make, 12)
    with django_assert_num_queries(PAGES[register.key][0]):
        alice.get(register.list_url)


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_an_export_does_not_grow_with_its_rows(
    world, make, signed_in, django_assert_num_queries, register
):
    _many(register, world, make, 2)
    alice = signed_in(world.alice)
    with CaptureQueriesContext(connection) as captured:
        alice.get(register.export_url)
    few = len(captured)
    _many(register, world, make, 12)
    with django_assert_num_queries(few):
        alice.get(register.export_url)


def test_a_detail_page_does_not_grow_with_its_related_records(
    world, make, signed_in, django_assert_num_queries
):
    application = make("applications", world.home, world.committee)
    alice = signed_in(world.alice)
    # With one partner (its history names the country: one query for the countries) ...
    ProjectPartner.objects.create(application=application, name="Partner", country_id="SE")
    detail = PAGES["applications"][1] + 1
    with django_assert_num_queries(detail):
        alice.get(application.get_absolute_url())
    # ... and with five, each with a visit and a matter.
    for number in range(4):
        ProjectPartner.objects.create(
            application=application, name=f"Partner {number}", country_id="FI"
        )
        make("visits", world.home, world.committee, application=application)
        make("matters", world.home, world.committee, application=application)
    with django_assert_num_queries(detail):
        html = alice.get(application.get_absolute_url()).content.decode()
    assert "Partner 3" in html and "Finland" in html


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_a_list_with_its_choices_cached(
    world, make, signed_in, django_assert_num_queries, register
):
    make(register.key, world.home, world.committee)
    alice = signed_in(world.alice)
    alice.get(register.list_url)
    with django_assert_num_queries(CACHED_LIST):
        assert alice.get(register.list_url).status_code == 200


def test_the_edit_form_does_not_grow_with_its_partner_rows(
    world, make, signed_in, django_assert_num_queries
):
    application = make("applications", world.home, world.committee)
    for number in range(5):
        ProjectPartner.objects.create(application=application, name=f"P{number}", country_id="FI")
    alice = signed_in(world.alice)
    with django_assert_num_queries(PAGES["applications"][3]):
        html = alice.get(application.get_absolute_url() + "andra/")
    assert 'name="partners-4-name"' in html.content.decode()
