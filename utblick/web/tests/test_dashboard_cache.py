"""The start page is rendered once and then read from the shared cache, and every write that
changes what it shows is seen at the next view: a record written through the services, one
saved directly, the routines' bulk writes of obligations, an obligation closed. The cache is
per organisation, role, units, language and day."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from utblick.core.services import record_create
from utblick.registers.models import NetworkMembership
from utblick.routines.services import obligation_waive, routines_run
from utblick.routines.tests.conftest import make_place
from utblick.tenants.tests.profiles import minimal_profile
from utblick.web import choices
from utblick.web.tests.test_query_counts import CACHED_DASHBOARD, DASHBOARD

ROUTINE_TITLE = "Utse en kontaktperson i EU-nätverket för"


def active_memberships(html: str) -> str:
    """The key figure "Aktiva medlemskap" as shown (its value comes before its label)."""
    end = html.index("Aktiva medlemskap")
    return html[html.rindex('class="figure__value"', 0, end) : end]


@pytest.mark.parametrize("user", sorted(DASHBOARD))
def test_a_second_view_of_the_start_page_reads_no_register(
    world, make, signed_in, django_assert_num_queries, user
):
    make("memberships", world.home, world.committee, organisation="Eurocities")
    client = signed_in(getattr(world, user))
    first = client.get("/").content.decode()
    # Only the session, the user and the roles: what every signed-in page reads.
    with django_assert_num_queries(CACHED_DASHBOARD[user]):
        second = client.get("/").content.decode()
    # The same page (its CSRF token aside, which is masked anew for every response).
    assert first.split('class="page-head"')[1] == second.split('class="page-head"')[1]


def test_a_record_written_through_the_services_is_on_the_next_view(world, signed_in):
    alice = signed_in(world.alice)
    assert "Eurocities" not in alice.get("/").content.decode()
    record_create(
        actor=world.actor(world.alice),
        model=NetworkMembership,
        fields={
            "organisation": "Eurocities",
            "scope": "municipality_wide",
            "unit": world.committee,
            "status": "active",
            "next_review_on": timezone.localdate(),
        },
    )
    html = alice.get("/").content.decode()
    assert "Eurocities" in html  # the reviews panel
    assert ">1</span>" in active_memberships(html)


def test_a_record_saved_directly_is_on_the_next_view(world, make, signed_in):
    alice = signed_in(world.alice)
    assert "Tartu" not in alice.get("/").content.decode()
    make(
        "visits",
        world.home,
        world.committee,
        title="Besök från Tartu",
        starts_on=timezone.localdate() + dt.timedelta(days=3),
    )
    assert "Besök från Tartu" in alice.get("/").content.decode()


@pytest.fixture
def helsingborg(db):
    """A new organisation with one routine: every committee has a contact person."""
    # Within a week, so that the obligations are among the start page's next two weeks.
    profile = minimal_profile("1283").replace("within_days = 30", "within_days = 7")
    place = make_place("1283", profile)
    client = Client()
    client.force_login(place.coordinator)
    return place, client


def test_obligations_the_sweep_writes_in_bulk_are_on_the_next_view(helsingborg):
    place, client = helsingborg
    assert ROUTINE_TITLE not in client.get("/").content.decode()
    routines_run(place.municipality)  # bulk writes: no model's save signal
    html = client.get("/").content.decode()
    assert html.count(ROUTINE_TITLE) == 2  # both committees
    assert "Kultur- och fritidsnämnden" in html and "Miljönämnden" in html


def test_an_obligation_closed_is_gone_at_the_next_view(helsingborg):
    place, client = helsingborg
    routines_run(place.municipality)
    assert client.get("/").content.decode().count(ROUTINE_TITLE) == 2
    obligation = place.open()[0]
    obligation_waive(
        actor=place.actor,
        obligation=obligation,
        expected_version=obligation.version,
        reason="Nämnden läggs ned.",
    )
    assert client.get("/").content.decode().count(ROUTINE_TITLE) == 1


def test_another_organisations_write_leaves_our_cached_page(world, make, signed_in):
    signed_in(world.alice).get("/")
    ours = choices.generation(world.home.pk)
    make("memberships", world.other, world.foreign_unit, organisation="Eurocities")
    assert choices.generation(world.home.pk) == ours
    assert choices.generation(world.other.pk) > 0


def test_each_role_and_unit_has_its_own_page(world, make, signed_in):
    make(
        "visits",
        world.home,
        world.committee,
        title="Besök från Tartu",
        starts_on=timezone.localdate() + dt.timedelta(days=3),
    )
    make(
        "visits",
        world.home,
        world.other_committee,
        title="Resa till Bryssel",
        starts_on=timezone.localdate() + dt.timedelta(days=4),
    )
    coordinator = signed_in(world.alice).get("/").content.decode()
    editor = signed_in(world.bob).get("/").content.decode()
    reader = signed_in(world.carol).get("/").content.decode()
    assert "Resa till Bryssel" in coordinator
    assert "Resa till Bryssel" not in editor  # another unit's visit
    assert "Senaste besluten" in reader and "Senaste besluten" not in coordinator


def test_the_page_follows_the_language_and_the_day(world, make, signed_in, monkeypatch):
    make(
        "memberships",
        world.home,
        world.committee,
        organisation="Eurocities",
        next_review_on=timezone.localdate() + dt.timedelta(days=1),
    )
    alice = signed_in(world.alice)
    assert "Försenad" not in alice.get("/").content.decode()
    alice.post("/sprak/", {"language": "en", "next": "/"})
    assert "Active memberships" in alice.get("/").content.decode()
    alice.post("/sprak/", {"language": "sv", "next": "/"})
    later = timezone.localdate() + dt.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert "Försenad" in alice.get("/").content.decode()  # the review is overdue the day after
