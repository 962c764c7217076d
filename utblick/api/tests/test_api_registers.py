"""The JSON API over every register: tokens, tenant isolation, versions, located English errors."""

import json

import pytest

from utblick.api.urls import REGISTERS
from utblick.factories import (
    ActivityFactory,
    ApplicationFactory,
    GrantFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
    VisitFactory,
)

FOREIGN_RECORD_MAKERS = {
    "memberships": lambda w: MembershipFactory(municipality=w.other, unit=w.foreign_unit),
    "partnerships": lambda w: PartnershipFactory(municipality=w.other, unit=w.foreign_unit),
    "applications": lambda w: ApplicationFactory(municipality=w.other, unit=w.foreign_unit),
    "visits": lambda w: VisitFactory(municipality=w.other, unit=w.foreign_unit),
    "activities": lambda w: ActivityFactory(municipality=w.other, unit=w.foreign_unit),
    "units": lambda w: w.foreign_unit,
    "people": lambda w: PersonFactory(municipality=w.other),
}


def _json(response):
    return json.loads(response.content)


def test_without_a_token_every_register_answers_401(world, client):
    for spec in REGISTERS:
        assert client.get(f"/api/v1/{spec.path}/").status_code == 401, spec.path


def test_a_revoked_token_stops_working(world, api_client):
    from utblick.api.models import ApiToken
    from utblick.api.tokens import token_revoke

    alice = api_client(world.alice)
    assert alice.get("/api/v1/me").status_code == 200
    token_revoke(prefix=ApiToken.objects.get(user=world.alice).prefix)
    assert alice.get("/api/v1/me").status_code == 401


def test_tokens_are_stored_hashed(world):
    from utblick.api.models import ApiToken
    from utblick.api.tokens import token_create

    record, token = token_create(user=world.alice, municipality=world.home)
    stored = ApiToken.objects.get(pk=record.pk)
    assert token not in (stored.digest, stored.prefix)
    assert len(stored.digest) == 64


@pytest.mark.parametrize("path", sorted(FOREIGN_RECORD_MAKERS))
def test_tenant_isolation_another_municipalitys_record_is_404_everywhere(world, api_client, path):
    foreign = FOREIGN_RECORD_MAKERS[path](world)
    alice = api_client(world.alice)
    base = f"/api/v1/{path}/{foreign.pk}"
    assert alice.get(base).status_code == 404
    assert alice.get(f"{base}/history").status_code == 404
    assert alice.patch(base, {"version": 1}, content_type="application/json").status_code == 404
    archive = alice.post(
        f"{base}/archive", {"version": 1, "reason": "x"}, content_type="application/json"
    )
    assert archive.status_code == 404
    listed = _json(alice.get(f"/api/v1/{path}/"))["items"]
    assert foreign.pk not in {item["id"] for item in listed}
    foreign.refresh_from_db()
    assert foreign.version == 1


def test_list_shows_only_the_tokens_municipality(world, api_client):
    ours = MembershipFactory(municipality=world.home, unit=world.board)
    MembershipFactory(municipality=world.other, unit=world.foreign_unit)
    body = _json(api_client(world.alice).get("/api/v1/memberships/"))
    assert [item["id"] for item in body["items"]] == [ours.pk]
    assert body["count"] == 1


def test_create_read_update_archive_through_the_api(world, api_client):
    alice = api_client(world.alice)
    created = alice.post(
        "/api/v1/applications/",
        {
            "title": "Unga i Europa",
            "other_funder": "Erasmus+",
            "role": "lead",
            "unit": world.committee.pk,
            "total_budget": "2500000",
            "children_young_participants": 40,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    record = _json(created)
    assert record["version"] == 1 and record["children_young_participants"] == 40
    url = f"/api/v1/applications/{record['id']}"
    changed = alice.patch(
        url, {"version": 1, "status": "preparing"}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert _json(changed)["version"] == 2
    archived = alice.post(
        f"{url}/archive", {"version": 2, "reason": "Dubblett"}, content_type="application/json"
    )
    assert _json(archived)["archived_at"] is not None
    history = _json(alice.get(f"{url}/history"))
    assert [entry["action"] for entry in history][-1] == "+"
    assert history[0]["reason"] == "arkiverad: Dubblett"
    assert {"field": "status", "old": "idea", "new": "preparing"} in history[1]["changes"]
    assert history[0]["user"] == "alice"


def test_an_own_fund_applications_criteria_checklist_is_read_and_written(world, api_client):
    grant = GrantFactory(
        municipality=world.home, unit=world.committee, criteria={"Ungdomar deltar": True}
    )
    alice = api_client(world.alice)
    [listed] = _json(alice.get("/api/v1/grants/"))["items"]
    assert listed["criteria"] == {"Ungdomar deltar": True}
    url = f"/api/v1/grants/{grant.pk}"
    changed = alice.patch(
        url,
        {"version": 1, "criteria": {"Ungdomar deltar": True, "Utbyte med vänort": False}},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert _json(changed)["criteria"] == {"Ungdomar deltar": True, "Utbyte med vänort": False}
    refused = alice.patch(
        url,
        {"version": 2, "criteria": {"Ungdomar deltar": "kanske"}},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "criteria" in refused.content.decode()
    grant.refresh_from_db()
    assert grant.criteria_unmet_count == 1


def test_a_stale_version_gets_409_and_nothing_is_written(world, api_client):
    membership = MembershipFactory(municipality=world.home, unit=world.board)
    alice = api_client(world.alice)
    url = f"/api/v1/memberships/{membership.pk}"
    assert (
        alice.patch(
            url, {"version": 1, "organisation": "EUROCITIES"}, content_type="application/json"
        ).status_code
        == 200
    )
    stale = alice.patch(
        url, {"version": 1, "organisation": "Eurocities network"}, content_type="application/json"
    )
    assert stale.status_code == 409
    body = _json(stale)
    assert body["current_version"] == 2
    assert body["changed_fields"] == ["organisation"]
    assert body["detail"][0]["loc"] == ["body", "version"]
    membership.refresh_from_db()
    assert membership.organisation == "EUROCITIES"


def test_validation_errors_are_english_and_located_at_the_field(world, api_client):
    response = api_client(world.alice).post(
        "/api/v1/applications/",
        {
            "title": "X",
            "role": "lead",
            "unit": world.committee.pk,
            "total_budget": "100",
            "granted_amount": "200",
            "starts_on": "2026-05-01",
            "ends_on": "2026-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e for e in _json(response)["detail"]}
    assert errors[("body", "ends_on")]["msg"] == "The end date cannot be before the start date."
    assert errors[("body", "granted_amount")]["type"] == "above_total_budget"
    assert errors[("body", "programme")]["msg"].startswith("Choose an EU programme")


def test_schema_errors_are_located_too(world, api_client):
    response = api_client(world.alice).post(
        "/api/v1/visits/",
        {"title": "Besök", "starts_on": "not a date"},
        content_type="application/json",
    )
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in _json(response)["detail"]}
    # Located as the services' errors are: the endpoint's parameter name is not in the path.
    assert ("body", "starts_on") in locs


def test_linking_another_municipalitys_unit_is_refused(world, api_client):
    response = api_client(world.alice).post(
        "/api/v1/visits/",
        {
            "title": "Besök",
            "direction": "incoming",
            "kind": "study",
            "country": "DE",
            "starts_on": "2026-04-01",
            "unit": world.foreign_unit.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _json(response)["detail"][0] == {
        "loc": ["body", "unit"],
        "msg": "No such record in this municipality.",
        "type": "not_in_municipality",
    }


def test_readers_get_403_and_unit_editors_only_their_unit(world, api_client):
    payload = {"title": "A", "unit": world.other_committee.pk, "year": 2026}
    assert (
        api_client(world.carol)
        .post("/api/v1/activities/", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        api_client(world.bob)
        .post("/api/v1/activities/", payload, content_type="application/json")
        .status_code
        == 403
    )
    payload["unit"] = world.committee.pk
    assert (
        api_client(world.bob)
        .post("/api/v1/activities/", payload, content_type="application/json")
        .status_code
        == 201
    )


def test_pagination_and_filters(world, api_client):
    for n in range(7):
        ApplicationFactory(municipality=world.home, unit=world.committee, title=f"Cykel {n}")
    ApplicationFactory(municipality=world.home, unit=world.board, title="Hamn", status="preparing")
    alice = api_client(world.alice)
    page = _json(alice.get("/api/v1/applications/?page_size=3&page=2&ordering=title"))
    assert page["count"] == 8
    assert [item["title"] for item in page["items"]] == ["Cykel 3", "Cykel 4", "Cykel 5"]
    assert _json(alice.get("/api/v1/applications/?q=hamn"))["count"] == 1
    assert _json(alice.get("/api/v1/applications/?status=preparing"))["count"] == 1
    assert _json(alice.get(f"/api/v1/applications/?unit={world.board.pk}"))["count"] == 1
    bad = alice.get("/api/v1/applications/?status=approved")
    assert bad.status_code == 422


def test_list_query_count_does_not_grow_with_rows(world, api_client, django_assert_max_num_queries):
    alice = api_client(world.alice)
    for _ in range(3):
        MembershipFactory(municipality=world.home, unit=world.board)
    with django_assert_max_num_queries(12) as few:
        alice.get("/api/v1/memberships/")
    for _ in range(20):
        MembershipFactory(municipality=world.home, unit=world.board)
    with django_assert_max_num_queries(len(few.captured_queries)):
        alice.get("/api/v1/memberships/")


def test_openapi_document_is_served_and_names_every_register(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = _json(response)
    assert spec["openapi"].startswith("3.")
    for register in REGISTERS:
        assert f"/api/v1/{register.path}/" in spec["paths"], register.path
    assert (
        "BearerAuth" in json.dumps(spec["components"]["securitySchemes"])
        or spec["components"]["securitySchemes"]
    )
