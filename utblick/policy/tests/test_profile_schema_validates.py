"""The published JSON Schema (docs/policy-profile.schema.json) accepts every format-2 profile the
project ships or tests with, and every draft the drafter writes, so an editor that validates
against it never flags a profile Utblick would load; and it refuses what the parser refuses
for a structural reason (an unknown rule family, a missing organisation)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema_rs
import pytest

from utblick.policy.drafting import draft_profile, read_text, render
from utblick.policy.drafting.tests.documents import HERE as DOCUMENTS
from utblick.policy.drafting.tests.documents import text_of
from utblick.policy.profile_format import ProfileInvalid, parse_profile

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT / "docs" / "policy-profile.schema.json"
FORMAT_2 = sorted(
    path
    for folder in ("utblick/policy/profiles", "utblick/routines/tests/profiles")
    for path in (ROOT / folder).glob("*.toml")
    if "format = 2" in path.read_text(encoding="utf-8")
)
DOCUMENT_CODES = {
    "linkoping-program.txt": "0580",
    "malmo-policy.txt": "1280",
    "essunga-plan.txt": "1445",
    "falun-policy.txt": "2080",
    "stockholm-beredningen.txt": "0180",
    "norrbotten-beredningen.txt": "25",
    "hoganas-vanortsmedel.txt": "1284",
    "solvesborg-vanortspolicy.txt": "1083",
}


@pytest.fixture(scope="module")
def validator():
    return jsonschema_rs.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))


def as_json(text: str) -> dict:
    """TOML as the JSON an editor sees: dates become ISO strings."""
    return json.loads(json.dumps(tomllib.loads(text), default=str))


def errors(validator, text: str) -> list[str]:
    return [str(error).splitlines()[0] for error in validator.iter_errors(as_json(text))]


def test_the_shipped_and_tested_profiles_are_format_2_and_many():
    names = {path.stem for path in FORMAT_2}
    assert {"linkoping", "malmo", "essunga", "falun", "stockholm", "norrbotten"} <= names


@pytest.mark.parametrize("path", FORMAT_2, ids=lambda path: path.stem)
def test_every_format_2_profile_is_valid_against_the_schema(validator, path):
    text = path.read_text(encoding="utf-8")
    parse_profile(text, path=path.name)  # loads in Utblick…
    assert errors(validator, text) == []  # …and passes the published schema


@pytest.mark.parametrize("document", sorted(DOCUMENT_CODES))
def test_every_draft_of_a_real_document_is_valid_against_the_schema(validator, document):
    draft = draft_profile(
        read_text(text_of(document), document), organisation_code=DOCUMENT_CODES[document]
    )
    assert errors(validator, render(draft).text) == []


def test_the_documents_measured_are_the_ones_kept():
    kept = {path.name for path in DOCUMENTS.glob("*.txt")}
    assert kept == set(DOCUMENT_CODES)


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (lambda text: text.replace("[organisation]", "[organisations]", 1), "organisation"),
        (lambda text: text.replace('family = "decision_route"', 'family = "vote"', 1), "vote"),
    ],
    ids=["no organisation", "unknown family"],
)
def test_the_schema_refuses_what_the_parser_refuses(validator, spoil, why):
    text = spoil((ROOT / "utblick/policy/profiles/malmo.toml").read_text(encoding="utf-8"))
    with pytest.raises(ProfileInvalid):
        parse_profile(text, path="malmo.toml")
    assert any(why in error for error in errors(validator, text))
