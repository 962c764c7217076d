"""Project partners and visit costs through the API: read with the record, written as a whole,
errors located in English at the row and field."""

import json

from utblick.factories import VisitFactory
from utblick.registers.models import FundingApplication


def _new_application(**extra):
    return {
        "title": "Gröna städer",
        "other_funder": "Interreg",
        "role": "lead",
        **extra,
    }


def test_it_creates_reads_and_replaces_partners(world, api_client):
    alice = api_client(world.alice)
    payload = _new_application(
        unit=world.committee.pk,
        partners=[{"name": "Stadt Köln", "country": "DE", "is_local_authority": True}],
    )
    created = alice.post("/api/v1/applications/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = json.loads(created.content)
    [partner] = body["partners"]
    assert (partner["name"], partner["country"], partner["is_local_authority"]) == (
        "Stadt Köln",
        "DE",
        True,
    )
    changed = alice.patch(
        f"/api/v1/applications/{body['id']}",
        {
            "version": 1,
            "partners": [
                {"id": partner["id"], "name": "Köln", "country": "DE"},
                {"name": "Tartu", "country": "EE"},
            ],
        },
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert sorted(p["name"] for p in json.loads(changed.content)["partners"]) == ["Köln", "Tartu"]
    history = json.loads(alice.get(f"/api/v1/applications/{body['id']}/history").content)
    assert any(e["action"] == "~" and e["version"] is None for e in history)


def test_a_bad_partner_row_is_a_located_english_error_and_nothing_is_written(world, api_client):
    payload = _new_application(
        unit=world.committee.pk,
        partners=[{"name": "Stadt Köln", "country": "DE"}, {"name": "Nowhere", "country": "XX"}],
    )
    response = api_client(world.alice).post(
        "/api/v1/applications/", payload, content_type="application/json"
    )
    assert response.status_code == 422
    [item] = json.loads(response.content)["detail"]
    assert item["loc"] == ["body", "partners", 1, "country"]
    assert "does not exist" in item["msg"] or "valid" in item["msg"]
    assert not FundingApplication.objects.exists()


def test_a_visits_cost_items_are_read_and_written(world, api_client):
    visit = VisitFactory(municipality=world.home, unit=world.committee)
    alice = api_client(world.alice)
    response = alice.patch(
        f"/api/v1/visits/{visit.pk}",
        {
            "version": 1,
            "cost_items": [{"category": "meals", "paid_by": "guest", "amount_sek": "800"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    [item] = json.loads(response.content)["cost_items"]
    assert (item["category"], item["paid_by"]) == ("meals", "guest")
    refused = alice.patch(
        f"/api/v1/visits/{visit.pk}",
        {"version": 2, "cost_items": [{"category": "meals", "paid_by": "nobody"}]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert json.loads(refused.content)["detail"][0]["loc"][:3] == ["body", "cost_items", 0]
