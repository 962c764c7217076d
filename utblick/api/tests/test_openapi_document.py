"""The API's OpenAPI document is committed (docs/openapi.json), so a change to the API shows in
review as a change to the document; these fail when the two drift apart."""

import json
from pathlib import Path

from utblick.api.management.commands.openapi import openapi_text

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"
REWRITE = "the API changed: rewrite the document with `make openapi` and commit it"


def test_the_committed_document_is_the_one_the_code_writes():
    assert COMMITTED.read_text(encoding="utf-8") == openapi_text(), REWRITE


def test_the_served_document_is_the_committed_one(client, db):
    served = client.get("/api/v1/openapi.json").json()
    assert served == json.loads(COMMITTED.read_text(encoding="utf-8")), REWRITE
