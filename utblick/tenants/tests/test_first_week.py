"""A new tenant's dashboard lists what its first week must set up, each item with its next
step, gone when done; tenants not set up with `tenant create` and readers never see it."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from utblick.core.access import Actor, Role
from utblick.core.services import record_create
from utblick.factories import (
    MembershipFactory,
    PersonFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
)
from utblick.organisation.models import ContactPerson, Municipality, Unit
from utblick.policy.services import profile_load
from utblick.tenants.signin import identity_provider_save
from utblick.tenants.tests.profiles import minimal_profile

pytestmark = pytest.mark.django_db


def _dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _items(html: str) -> list[str]:
    if 'id="first-week-title"' not in html:
        return []
    card = html.split('id="first-week-title"', 1)[1].split("</section>", 1)[0]
    return [part.split('"', 1)[0] for part in card.split('data-item="')[1:]]


@pytest.fixture
def helsingborg():
    call_command(
        "tenant", "create", "--code", "1283", "--admin-email", "eva@hbg.se", stdout=StringIO()
    )
    municipality = Municipality.objects.get(code="1283")
    admin = municipality.role_assignments.get().user
    return municipality, admin


def test_a_new_tenant_sees_each_open_step_and_each_goes_when_done(helsingborg):
    municipality, admin = helsingborg
    html = _dashboard(admin)
    assert _items(html) == ["profile", "organisation", "registers", "identity_provider"]
    assert 'href="/atgarder/styrdokument/"' in html
    assert 'href="/organisation/inloggning/"' in html

    profile_load(municipality=municipality, text=minimal_profile("1283"), source_name="p.toml")
    assert _items(_dashboard(admin)) == ["organisation", "registers", "identity_provider"]

    identity_provider_save(
        municipality=municipality,
        issuer="https://login.example.se/hbg/v2.0",
        client_id="utblick",
        client_secret="s",
        group_roles="eu = Samordnare",
    )
    committee = UnitFactory(municipality=municipality, name="Kulturnämnden")
    html = _dashboard(admin)
    assert _items(html) == ["contact_people", "registers"]
    assert "1 nämnd saknar kontaktperson" in html and "Kulturnämnden" in html

    actor = Actor(user=admin, municipality=municipality, role=Role.ADMINISTRATOR)
    person = PersonFactory(municipality=municipality, name="Ada Berg")
    record_create(
        actor=actor,
        model=ContactPerson,
        fields={"unit": committee, "person": person, "appointed_on": dt.date(2026, 1, 1)},
    )
    assert _items(_dashboard(admin)) == ["registers"]

    MembershipFactory(municipality=municipality, unit=committee)
    assert _items(_dashboard(admin)) == []


def test_readers_and_unit_editors_do_not_get_the_checklist(helsingborg):
    municipality, _admin = helsingborg
    reader = UserFactory(username="lasare-hbg")
    RoleFactory(user=reader, municipality=municipality, role=Role.READER)
    assert _items(_dashboard(reader)) == []
    editor = UserFactory(username="redaktor-hbg")
    board = Unit.objects.get(municipality=municipality, kind="executive_board")
    RoleFactory(user=editor, municipality=municipality, role=Role.UNIT_EDITOR, unit=board)
    assert _items(_dashboard(editor)) == []


def test_an_organisation_not_set_up_with_tenant_create_has_no_checklist(world):
    assert _items(_dashboard(world.alice)) == []
