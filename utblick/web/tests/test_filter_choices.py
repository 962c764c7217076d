"""The list filters' choices come from the cache, per organisation, and follow every write."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.core.services import record_create, record_update
from utblick.organisation.models import Unit
from utblick.policy.models import PriorityArea


def _unit_choices(client) -> str:
    html = client.get("/medlemskap/").content.decode()
    return html[html.index('name="unit"') : html.index("</select>", html.index('name="unit"'))]


def _choice_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ansokningar/").status_code == 200
    tables = (
        "organisation_unit",
        "policy_priorityarea",
        "reference_euprogramme",
        "reference_country",
    )
    return [q["sql"] for q in queries if any(f'FROM "{t}"' in q["sql"] for t in tables)]


def test_a_list_page_reads_its_filters_choices_from_the_cache(world, make, signed_in):
    make("applications", world.home, world.committee)
    alice = signed_in(world.alice)
    assert _choice_queries(alice)  # the first view fills the cache
    assert _choice_queries(alice) == []


def test_a_new_unit_is_offered_at_once(world, signed_in):
    alice = signed_in(world.alice)
    assert "Kulturnämnden" not in _unit_choices(alice)
    record_create(
        actor=world.actor(world.alice),
        model=Unit,
        fields={"name": "Kulturnämnden", "kind": "committee"},
    )
    assert "Kulturnämnden" in _unit_choices(alice)


def test_a_renamed_or_archived_unit_follows(world, signed_in):
    alice = signed_in(world.alice)
    assert world.committee.name in _unit_choices(alice)
    committee = Unit.objects.get(pk=world.committee.pk)
    record_update(
        actor=world.actor(world.alice),
        instance=committee,
        expected_version=committee.version,
        fields={"name": "Omdöpta nämnden"},
    )
    assert "Omdöpta nämnden" in _unit_choices(alice)


def test_a_priority_area_saved_by_a_profile_load_is_offered(world, signed_in):
    alice = signed_in(world.alice)
    alice.get("/medlemskap/")
    PriorityArea.objects.create(municipality=world.home, key="ny", name="Nytt område")
    assert "Nytt område" in alice.get("/medlemskap/").content.decode()


def test_one_organisations_write_leaves_anothers_cache_alone(world, signed_in):
    alice, mallory = signed_in(world.alice), signed_in(world.mallory)
    alice.get("/ansokningar/")
    mallory.get("/ansokningar/")
    PriorityArea.objects.create(municipality=world.home, key="ny", name="Nytt område")
    assert _choice_queries(mallory) == []
    assert _choice_queries(alice)
