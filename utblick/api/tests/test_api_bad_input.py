"""Bad input gets a located JSON error with a declared status, never a server error."""

import json

import pytest

from utblick.factories import ApplicationFactory, MembershipFactory
from utblick.registers.models import Matter

BEYOND_64_BITS = 2**64 + 1


def _json(response):
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def _declared(client, path: str, method: str) -> set[str]:
    spec = client.get("/api/v1/openapi.json").json()
    return set(spec["paths"][path][method]["responses"])


@pytest.mark.parametrize(
    "query",
    ["year=-466", "year=0", "year=10000", f"page={BEYOND_64_BITS}", "page=0", "page_size=100000"],
)
def test_out_of_range_list_parameters_are_a_located_422(world, api_client, query):
    alice = api_client(world.alice)
    response = alice.get(f"/api/v1/applications/?{query}")
    assert response.status_code == 422
    name = query.split("=")[0]
    assert _json(response)["detail"][0]["loc"] == ["query", name]
    assert "422" in _declared(alice, "/api/v1/applications/", "get")


def test_an_id_beyond_64_bits_is_a_422_in_the_path_and_in_a_body(world, api_client):
    alice = api_client(world.alice)
    response = alice.get(f"/api/v1/memberships/{BEYOND_64_BITS}")
    assert response.status_code == 422
    assert _json(response)["detail"][0]["loc"] == ["path", "record_id"]
    payload = {"organisation": "EUROCITIES", "scope": "unit", "unit": BEYOND_64_BITS}
    response = alice.post("/api/v1/memberships/", payload, content_type="application/json")
    assert response.status_code == 422
    assert _json(response)["detail"][0]["loc"] == ["body", "unit"]


def test_a_missing_record_is_a_json_404(world, api_client):
    alice = api_client(world.alice)
    response = alice.get("/api/v1/memberships/987654321")
    assert response.status_code == 404
    assert _json(response)["detail"][0]["type"] == "not_found"
    assert "404" in _declared(alice, "/api/v1/memberships/{record_id}", "get")


def test_a_path_no_route_matches_is_a_json_404(world, api_client):
    response = api_client(world.alice).get("/api/v1/memberships/abc")
    assert response.status_code == 404 and _json(response)["detail"][0]["type"] == "not_found"


def test_a_null_status_is_refused_at_the_field(world, api_client):
    application = ApplicationFactory(municipality=world.home, unit=world.committee)
    alice = api_client(world.alice)
    response = alice.patch(
        f"/api/v1/applications/{application.pk}",
        {"version": application.version, "status": None},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _json(response)["detail"][0]["loc"] == ["body", "status"]


def test_a_matter_decided_by_a_unit_that_does_not_exist_is_refused_at_the_field(world, api_client):
    payload = {
        "kind": "motion",
        "title": "Motion om vänort",
        "outcome": "approved",
        "decided_on": "2025-03-01",
        "body": 987654321,
        "unit": world.committee.pk,
    }
    response = api_client(world.alice).post(
        "/api/v1/matters/", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert {tuple(item["loc"]) for item in _json(response)["detail"]} == {("body", "body")}
    assert not Matter.objects.exists()


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\ud800", "\uffff"])
def test_control_characters_in_text_are_refused_at_the_field(world, api_client, character):
    alice = api_client(world.alice)
    payload = {
        "organisation": f"EURO{character}CITIES",
        "scope": "unit",
        "unit": world.committee.pk,
    }
    body = json.dumps(payload)  # \ud800 travels as the JSON escape a client would send
    response = alice.post("/api/v1/memberships/", body, content_type="application/json")
    assert response.status_code == 422
    [problem] = _json(response)["detail"]
    assert problem["loc"] == ["body", "organisation"]
    if character != "\ud800":  # a lone surrogate is not text at all: the schema refuses it
        assert problem == {
            "loc": ["body", "organisation"],
            "msg": "The text contains characters that are not allowed (control characters).",
            "type": "control_characters",
        }


def test_control_characters_in_a_change_are_refused_and_nothing_is_written(world, api_client):
    membership = MembershipFactory(municipality=world.home, unit=world.committee)
    response = api_client(world.alice).patch(
        f"/api/v1/memberships/{membership.pk}",
        {"version": 1, "purpose": "Nätverk\x00"},
        content_type="application/json",
    )
    assert response.status_code == 422
    membership.refresh_from_db()
    assert membership.version == 1 and "\x00" not in membership.purpose


def test_control_characters_in_a_search_are_a_422(world, api_client):
    response = api_client(world.alice).get("/api/v1/memberships/?q=a%00b")
    assert response.status_code == 422
    assert _json(response)["detail"][0]["loc"] == ["query", "q"]


def test_an_unreadable_body_is_a_declared_json_400(world, api_client):
    alice = api_client(world.alice)
    response = alice.post("/api/v1/memberships/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert _json(response)["detail"][0]["loc"] == ["body"]
    assert "400" in _declared(alice, "/api/v1/memberships/", "post")


def test_without_a_token_the_401_is_located_json(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert _json(response)["detail"][0]["loc"] == ["header", "Authorization"]


def test_every_error_status_an_operation_answers_is_declared_with_the_error_shape(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "422"} <= set(responses), (method, path)
            for status, response in responses.items():
                if status.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith(("/ErrorOut", "/StaleOut")), (method, path, status)
