"""A unit editor changes only its units' records; the organisation is kept by coordinators."""

from utblick.registers.models import Visit


def test_a_unit_editor_edits_its_own_units_records(world, make, signed_in):
    own = make("visits", world.home, world.committee)
    bob = signed_in(world.bob)
    html = bob.get(f"/besok/{own.pk}/").content.decode()
    assert f"/besok/{own.pk}/andra/" in html
    assert bob.get(f"/besok/{own.pk}/andra/").status_code == 200


def test_a_unit_editor_may_read_but_not_change_another_units_record(world, make, signed_in):
    other = make("visits", world.home, world.other_committee)
    bob = signed_in(world.bob)
    html = bob.get(f"/besok/{other.pk}/").content.decode()
    assert f"/besok/{other.pk}/andra/" not in html
    assert bob.get(f"/besok/{other.pk}/andra/").status_code == 403
    assert bob.post(f"/besok/{other.pk}/andra/", {"version": 1}).status_code == 403


def test_a_unit_editor_is_offered_only_its_own_units(world, signed_in):
    html = signed_in(world.bob).get("/besok/ny/").content.decode()
    unit_select = html.split('name="unit"', 1)[1].split("</select>", 1)[0]
    assert world.committee.name in unit_select
    assert world.other_committee.name not in unit_select


def test_a_unit_editor_cannot_create_for_another_unit(world, signed_in):
    data = {
        "title": "Besök",
        "direction": "incoming",
        "kind": "study",
        "unit": world.other_committee.pk,
        "country": "DE",
        "starts_on": "2026-05-01",
        "elected_participants": 0,
        "staff_participants": 0,
        "children_young_participants": 0,
        "other_participants": 0,
    }
    response = signed_in(world.bob).post("/besok/ny/", data)
    assert 'id="id_unit_error"' in response.content.decode()
    assert not Visit.objects.exists()


def test_only_coordinators_keep_the_organisation(world, make, signed_in):
    person = make("people", world.home, world.committee)
    bob = signed_in(world.bob)
    assert bob.get("/organisation/personer/ny/").status_code == 403
    assert bob.get(f"/organisation/personer/{person.pk}/andra/").status_code == 403
    assert bob.get(f"/organisation/enheter/{world.committee.pk}/andra/").status_code == 403
    assert signed_in(world.alice).get("/organisation/personer/ny/").status_code == 200


def test_readers_change_nothing_and_see_no_buttons(world, make, signed_in):
    membership = make("memberships", world.home, world.committee)
    carol = signed_in(world.carol)
    html = carol.get(f"/medlemskap/{membership.pk}/").content.decode()
    assert "/andra/" not in html and "/arkivera/" not in html
    assert carol.get("/medlemskap/ny/").status_code == 403
    assert carol.post(f"/medlemskap/{membership.pk}/andra/", {"version": 1}).status_code == 403
    membership.refresh_from_db()
    assert membership.version == 1
