"""Create and edit forms: scoped choices, errors at the field, stale edits refused with what changed."""

import re
from decimal import Decimal

import pytest

from utblick.core.services import record_update
from utblick.factories import PersonFactory
from utblick.policy.models import Commitment, Goal, GrantScheme, PriorityArea
from utblick.registers.models import FundingApplication, NetworkMembership
from utblick.registry import REGISTERS


def _application_data(world, **changes):
    data = {
        "title": "Grön omställning",
        "role": "lead",
        "unit": world.committee.pk,
        "status": "idea",
        "currency": "SEK",
        "other_funder": "Interreg",
        "children_young_participants": 0,
        "staff_participants": 0,
        "elected_participants": 0,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_it_shows_a_labelled_form_for_every_register(world, make, signed_in, register):
    area = PriorityArea.objects.create(municipality=world.home, key="a", name="Påverkan")
    Commitment.objects.create(municipality=world.home, key="c", priority_area=area, text="Att")
    Goal.objects.create(municipality=world.home, key="g", name="Mål")
    GrantScheme.objects.create(
        municipality=world.home,
        key="f",
        name="Vänortsmedel",
        criteria=[{"key": "k1", "text": "Vänort"}],
    )
    make("memberships", world.home, world.committee)
    html = signed_in(world.alice).get(register.create_url).content.decode()
    assert html.count("<h1") == 1
    for name in register.form_fields:
        assert f'name="{name}"' in html, name
    controls = r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]* id="(id_[^"]+)"'
    for control_id in re.findall(controls, html):
        if control_id == "id_q":
            continue
        assert f'for="{control_id}"' in html or re.search(rf'<label for="{control_id}"', html), (
            control_id
        )


def test_it_creates_a_record_and_goes_to_its_page(world, signed_in):
    response = signed_in(world.alice).post("/ansokningar/ny/", _application_data(world))
    created = FundingApplication.objects.get(title="Grön omställning")
    assert response.status_code == 302
    assert response["Location"] == f"/ansokningar/{created.pk}/"
    assert created.municipality == world.home
    assert created.history.get().history_user == world.alice


def test_a_validation_error_is_shown_at_its_field_and_in_the_summary(world, signed_in):
    data = _application_data(world, other_funder="", starts_on="2026-05-01", ends_on="2026-01-01")
    response = signed_in(world.alice).post("/ansokningar/ny/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not FundingApplication.objects.exists()
    assert 'id="error-summary"' in html
    assert (
        '<a href="#id_ends_on">Projektslut: Slutdatum kan inte ligga före startdatum.</a>' in html
    )
    assert 'id="id_ends_on_error"' in html
    ends_on = re.search(r"<input[^>]*id=\"id_ends_on\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in ends_on
    assert 'aria-describedby="id_ends_on_error"' in ends_on
    assert "Välj ett EU-program eller ange annan finansiär." in html


def test_a_required_field_is_asked_for_in_swedish(world, signed_in):
    html = signed_in(world.alice).post("/aktiviteter/ny/", {"title": ""}).content.decode()
    assert "Detta fält måste fyllas i." in html


def test_choices_are_limited_to_the_municipality(world, signed_in):
    PersonFactory(municipality=world.other, name="Mallorys kollega")
    PriorityArea.objects.create(municipality=world.other, key="x", name="Främmande område")
    html = signed_in(world.alice).get("/ansokningar/ny/").content.decode()
    assert world.committee.name in html
    assert world.foreign_unit.name not in html
    assert "Mallorys kollega" not in html
    assert "Främmande område" not in html


def test_a_posted_foreign_unit_is_refused_at_the_field(world, signed_in):
    data = _application_data(world, unit=world.foreign_unit.pk)
    html = signed_in(world.alice).post("/ansokningar/ny/", data).content.decode()
    assert 'id="id_unit_error"' in html
    assert not FundingApplication.objects.exists()


def test_it_edits_a_record(world, make, signed_in):
    membership = make("memberships", world.home, world.committee, organisation="Eurocities")
    alice = signed_in(world.alice)
    form = alice.get(f"/medlemskap/{membership.pk}/andra/").content.decode()
    assert 'name="version" value="1"' in form
    data = {
        "organisation": "EUROCITIES",
        "scope": "municipality_wide",
        "unit": world.committee.pk,
        "status": "active",
        "currency": "SEK",
        "annual_fee": "125000",
        "version": 1,
    }
    response = alice.post(f"/medlemskap/{membership.pk}/andra/", data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.organisation, membership.annual_fee, membership.version) == (
        "EUROCITIES",
        Decimal("125000"),
        2,
    )
    detail = alice.get(f"/medlemskap/{membership.pk}/").content.decode()
    assert "125\xa0000\xa0kr" in detail
    assert "Ändringarna har sparats." in detail


def test_a_stale_edit_is_refused_and_lists_what_changed(world, make, signed_in):
    membership = make("memberships", world.home, world.committee, organisation="Eurocities")
    record_update(
        actor=world.actor(world.alice),
        instance=membership,
        expected_version=1,
        fields={"organisation": "EUROCITIES (ändrad av kollega)"},
    )
    data = {
        "organisation": "Mitt namn",
        "scope": "municipality_wide",
        "unit": world.committee.pk,
        "status": "active",
        "currency": "SEK",
        "version": 1,
    }
    response = signed_in(world.alice).post(f"/medlemskap/{membership.pk}/andra/", data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Ingenting har sparats." in html
    assert "<dt>Organisation eller nätverk</dt>" in html
    assert "EUROCITIES (ändrad av kollega)" in html
    assert 'value="Mitt namn"' in html  # the user's input is kept
    assert 'name="version" value="2"' in html  # saving again is a deliberate choice
    membership.refresh_from_db()
    assert membership.organisation == "EUROCITIES (ändrad av kollega)"
    assert membership.version == 2


def test_an_application_edit_offers_only_the_next_lifecycle_statuses(world, make, signed_in):
    application = make("applications", world.home, world.committee, status="idea")
    html = signed_in(world.alice).get(f"/ansokningar/{application.pk}/andra/").content.decode()
    status = re.search(r'<select name="status".*?</select>', html, re.S).group(0)
    assert re.findall(r'value="(\w+)"', status) == ["idea", "preparing", "withdrawn"]


def test_an_unchanged_many_to_many_survives_an_edit(world, make, signed_in):
    area = PriorityArea.objects.create(municipality=world.home, key="a", name="Påverkan")
    membership = make("memberships", world.home, world.committee)
    membership.priority_areas.add(area)
    data = {
        "organisation": membership.organisation,
        "scope": "municipality_wide",
        "unit": world.committee.pk,
        "status": "active",
        "currency": "SEK",
        "priority_areas": [area.pk],
        "version": 1,
    }
    signed_in(world.alice).post(f"/medlemskap/{membership.pk}/andra/", data)
    assert list(NetworkMembership.objects.get().priority_areas.all()) == [area]


def test_the_history_shows_who_changed_what_with_linked_names(world, make, signed_in):
    membership = make("memberships", world.home, world.committee)
    record_update(
        actor=world.actor(world.alice),
        instance=membership,
        expected_version=1,
        fields={"unit": world.other_committee, "status": "proposed"},
    )
    html = signed_in(world.carol).get(f"/medlemskap/{membership.pk}/").content.decode()
    history = html.split('id="history"', 1)[1]
    assert "Ändrad" in history and "alice" in history
    assert (
        '<th scope="row">Ansvarig enhet</th><td>Kultur- och fritidsnämnden</td><td>Miljönämnden</td>'
        in history
    )
    assert "<td>Aktivt</td><td>Föreslaget</td>" in history
