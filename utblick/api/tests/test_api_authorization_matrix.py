"""The API's authorization matrix: every operation of the OpenAPI document, without a token and
with the token of each role, on a record of the token's own municipality and on one of
another, asserting the outcome each cell may have. Operations are read from the document, so a
new one is in the matrix at once (and fails it until its parameters are known here)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from utblick.api.tokens import token_create
from utblick.core.access import Role
from utblick.factories import RoleFactory
from utblick.registry import REGISTERS
from utblick.routines.tests.conftest import make_place, user
from utblick.web.tests.conftest import MAKERS

ROLES = ("anonymous", "reader", "owning_editor", "other_editor", "coordinator", "administrator")
ORGANISATION = {"units", "people", "contact-people"}  # kept by coordinators only
READ_ONLY = {"me", "current_profile", "priority_areas", "goals", "programmes", "countries"}
KEY_BY_PATH = {r.path: r.key for r in REGISTERS}


def _place(code: str):
    place = make_place(code)
    records = {r.path: MAKERS[r.key](place.municipality, place.committee) for r in REGISTERS}
    people = {"coordinator": place.coordinator, "owning_editor": place.editor}
    for role, name, unit in (
        (Role.READER, "reader", None),
        (Role.UNIT_EDITOR, "other_editor", place.other_committee),
        (Role.ADMINISTRATOR, "administrator", None),
    ):
        people[name] = user(f"{name}-{code}")
        RoleFactory(user=people[name], municipality=place.municipality, role=role, unit=unit)
    return place, records, people


def _outcome(status: int) -> str:
    return {
        200: "ok",
        201: "ok",
        401: "unauthenticated",
        403: "denied",
        404: "hidden",
        422: "invalid",
    }.get(status, f"status {status}")


def expected(register: str | None, action: str, role: str, tenant: str) -> set[str]:
    if role == "anonymous":
        return {"unauthenticated"}
    if register is None or action in ("list", "get", "history"):
        return {"hidden"} if tenant == "other" else {"ok"}
    if tenant == "other":
        # another municipality's record is not there; its unit cannot be linked
        return {"hidden", "denied", "invalid"}
    if role == "reader":
        return {"denied"}
    if role in ("owning_editor", "other_editor") and register in ORGANISATION:
        return {"denied"}
    if role == "other_editor":
        return {"denied"}
    return {"ok"}


def _create_body(coordinator: Client, path: str, record_id: int, unit_id: int) -> dict:
    """A valid new record: the existing one's fields, with the unit set as asked."""
    body = coordinator.get(f"/api/v1/{path}/{record_id}").json()
    for meta in ("id", "version", "created_at", "updated_at", "archived_at", "archive_reason"):
        body.pop(meta, None)
    if "unit" in body:
        body["unit"] = unit_id
    elif "parent" in body:
        body["parent"] = unit_id
    return body


@pytest.fixture
def places(db):
    return _place("1280"), _place("2080")


def test_every_operation_as_every_role_on_its_own_and_another_municipalitys_record(
    places, client, pytestconfig
):
    (home, records, people), (_other, foreign, _foreign_people) = places
    spec = client.get("/api/v1/openapi.json").json()
    clients = {"anonymous": Client()}
    for role, person in people.items():
        _, token = token_create(user=person, municipality=home.municipality)
        clients[role] = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    coordinator = clients["coordinator"]
    wrong, cells, operations = [], 0, 0
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            operations += 1
            operation_id = operation["operationId"]
            action, _, register = operation_id.partition("_")
            register = register.replace("_", "-") or None
            if operation_id in READ_ONLY:
                register, action = None, "get"
            elif register not in records:
                raise AssertionError(f"{operation_id}: unknown operation; add it to the matrix")
            for tenant in ("own", "other"):
                if register is None and tenant == "other":
                    continue
                source = records if tenant == "own" else foreign
                unit = (home if tenant == "own" else _other).committee
                for role in ROLES:
                    record = source[register] if register else None
                    url = path.replace("{record_id}", str(record.pk)) if record else path
                    if tenant == "other" and action == "list":
                        url += f"?unit={unit.pk}"
                    body = None
                    if action == "create":
                        body = _create_body(coordinator, register, records[register].pk, unit.pk)
                        if register == "units":
                            body["name"] = f"Enhet för {role} ({tenant})"
                    elif action in ("update", "archive", "restore"):
                        current = type(record).objects.get(pk=record.pk)
                        body = {"version": current.version}
                        if action == "archive":
                            body["reason"] = "Matrisen prövar arkivering."
                    response = getattr(clients[role], method)(
                        url,
                        json.dumps(body) if body is not None else None,
                        content_type="application/json",
                    )
                    cells += 1
                    outcome = _outcome(response.status_code)
                    if tenant == "other" and action == "list" and outcome == "ok":
                        ids = {item["id"] for item in response.json()["items"]}
                        outcome = "leaked" if source[register].pk in ids else "hidden"
                    allowed = expected(register, action, role, tenant)
                    if outcome not in allowed:
                        wrong.append(
                            f"{method.upper()} {url} ({operation_id}) as {role} on {tenant}: "
                            f"{outcome} ({response.status_code}), expected {sorted(allowed)}"
                        )
    for path, record in foreign.items():
        fresh = type(record).objects.get(pk=record.pk)
        if (fresh.version, fresh.archived_at) != (record.version, record.archived_at):
            wrong.append(f"another municipality's {path} record was changed")
    target = pytestconfig.rootpath / "test-artifacts" / "authorization-matrix-api.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps({"operations": operations, "cells": cells}), encoding="utf-8")
    assert operations > 70
    assert wrong == [], "\n".join(wrong)
