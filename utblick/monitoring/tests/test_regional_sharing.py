"""E4: a municipality shares a call, a partner search or a project idea with a regional network
it belongs to. The other members see what was shared — and nothing else of the sharer."""

import pytest
from django.core.exceptions import PermissionDenied

from utblick.core.services import record_create
from utblick.factories import ApplicationFactory, MunicipalityFactory, RoleFactory, UserFactory
from utblick.monitoring import services
from utblick.monitoring.models import FundingCall, MonitoringItem, SharedOpportunity
from utblick.organisation.models import RegionalNetwork

pytestmark = pytest.mark.django_db


@pytest.fixture
def v6(world):
    """A and B are members of the network; C is not."""
    network = RegionalNetwork.objects.create(name="V6 – västra Skaraborg", short_name="V6")
    network.members.add(world.home, world.other)
    outsider = MunicipalityFactory(code="9003", name="Testkommun C")
    olle = UserFactory(username="olle")
    RoleFactory(user=olle, municipality=outsider, role="coordinator")
    world.outsider, world.olle, world.network = outsider, olle, network
    return network


def test_a_member_sees_the_shared_item_but_gets_404_on_the_sharers_records(world, v6, signed_in):
    application = ApplicationFactory(
        municipality=world.home, unit=world.committee, title="Ungdomsutbyte med Tartu"
    )
    item = record_create(
        actor=world.actor(world.alice),
        model=MonitoringItem,
        fields={"kind": "trend", "title": "A:s interna bevakning", "unit": world.board},
    )
    response = signed_in(world.alice).post(
        "/omvarld/natverk/dela/",
        {
            "network": v6.pk,
            "kind": "partner_search",
            "title": "Vi söker partner för ungdomsutbyte",
            "text": "Skolor i Estland och Lettland, hösten 2027.",
            "contact_email": "alice@example.se",
        },
    )
    assert response.status_code == 302
    mallory = signed_in(world.mallory)
    page = mallory.get("/omvarld/natverk/").content.decode()
    assert "Vi söker partner för ungdomsutbyte" in page
    assert "Skolor i Estland och Lettland" in page and "Testkommun A" in page
    assert "Ungdomsutbyte med Tartu" not in page
    # Nothing else of the sharer: its records are 404 to the other member.
    assert mallory.get(f"/ansokningar/{application.pk}/").status_code == 404
    assert mallory.get(f"/omvarld/bevakning/{item.pk}/").status_code == 404
    assert "Ungdomsutbyte" not in mallory.get("/omvarld/sok/?q=ungdomsutbyte").content.decode()


def test_a_municipality_outside_the_network_sees_nothing(world, v6, signed_in):
    services.opportunity_share(
        actor=world.actor(world.alice), network=v6, kind="project_idea", title="Gemensam idé"
    )
    page = signed_in(world.olle).get("/omvarld/natverk/").content.decode()
    assert "Gemensam idé" not in page
    assert "inte med i något regionalt nätverk" in page


def test_a_shared_call_links_to_the_call_for_every_member(world, v6, signed_in, sample_calls):
    call = FundingCall.objects.get(identifier="ESC-2027-VTV")
    response = signed_in(world.alice).post(
        f"/omvarld/utlysningar/{call.pk}/dela/",
        {"network": v6.pk, "kind": "call", "title": call.title, "text": "Passar V6?"},
    )
    assert response.status_code == 302
    shared = SharedOpportunity.objects.get()
    assert (shared.call, shared.shared_by, shared.created_by) == (call, world.home, world.alice)
    assert shared.history.get().history_user == world.alice
    page = signed_in(world.mallory).get("/omvarld/natverk/").content.decode()
    assert f'href="/omvarld/utlysningar/{call.pk}/"' in page


def test_only_a_coordinator_of_a_member_municipality_shares(world, v6):
    with pytest.raises(PermissionDenied):
        services.opportunity_share(
            actor=world.actor(world.bob), network=v6, kind="project_idea", title="X"
        )
    with pytest.raises(PermissionDenied):
        services.opportunity_share(
            actor=world.actor(world.olle, world.outsider),
            network=v6,
            kind="project_idea",
            title="X",
        )
    assert SharedOpportunity.objects.count() == 0


def test_a_unit_editor_posting_a_share_gets_403_and_a_reader_too(world, v6, signed_in):
    data = {"network": v6.pk, "kind": "project_idea", "title": "X"}
    assert signed_in(world.bob).post("/omvarld/natverk/dela/", data).status_code == 403
    assert signed_in(world.carol).post("/omvarld/natverk/dela/", data).status_code == 403
    assert SharedOpportunity.objects.count() == 0


def test_the_network_page_query_count_does_not_grow_with_shared_items(
    world, v6, signed_in, django_assert_num_queries
):
    def share(n):
        for i in range(n):
            services.opportunity_share(
                actor=world.actor(world.mallory, world.other),
                network=v6,
                kind="project_idea",
                title=f"Idé {i}",
            )

    client = signed_in(world.carol)  # a reader: no share form
    share(2)
    # session, user, roles, actor's role; networks; shared items (joined)
    with django_assert_num_queries(6):
        assert client.get("/omvarld/natverk/").status_code == 200
    share(10)
    with django_assert_num_queries(6):
        assert client.get("/omvarld/natverk/").status_code == 200
