"""Choosing a partnership fills in the visit's country (item 10): in the browser from the map on
the select, and on the server where the country is left empty; nothing chosen is a located
error."""

import json

from utblick.registers.models import Visit
from utblick.registry import BY_KEY


def _visit(world, **values):
    data = {
        "title": "Besök i Tartu",
        "direction": "outgoing",
        "kind": "official",
        "unit": world.committee.pk,
        "starts_on": "2027-05-04",
        "elected_participants": "1",
        "staff_participants": "1",
        "children_young_participants": "0",
        "other_participants": "0",
    }
    data.update(values)
    return data


def test_a_visit_without_a_country_takes_its_partnerships(world, make, signed_in):
    partnership = make("partnerships", world.home, world.committee, country_id="EE")
    alice = signed_in(world.alice)
    url = BY_KEY["visits"].create_url
    form = alice.get(url).content.decode()
    assert json.dumps({str(partnership.pk): "EE"}).replace('"', "&quot;") in form
    response = alice.post(url, _visit(world, partnership=partnership.pk))
    assert response.status_code == 302, response.content.decode()
    assert Visit.objects.get().country_id == "EE"


def test_a_visit_with_neither_country_nor_partnership_is_refused_at_the_country(world, signed_in):
    response = signed_in(world.alice).post(BY_KEY["visits"].create_url, _visit(world))
    assert response.status_code == 200
    assert 'href="#id_country"' in response.content.decode()
    assert not Visit.objects.exists()
