"""The profile format as a JSON Schema (draft 2020-12), for editors: completion, values and
help while a profile is written. Generated from the same descriptions `profile check` uses;
`profile check` stays the authority (it also checks what a schema cannot: a field's operator,
a body declared elsewhere in the profile, a reporting period that exists).

Point an editor at it: with Taplo (the "Even Better TOML" extension) write
`#:schema ./policy-profile.schema.json` as the profile's first line.
"""

from __future__ import annotations

from typing import Any

from .families import COMMON, FAMILIES, FAMILY_LABELS, FAMILY_PARAMS, NOTIFY_GROUPS, STANDARD_BODIES
from .profile_format import (
    _ALLOWED_KEYS,
    DERIVED_METRICS,
    DIRECTIONS,
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    INDICATOR_KINDS,
    ORGANISATION_KINDS,
    REPORTER_KINDS,
    RESPONSIBILITY_DECISIONS,
    REVIEW_INTERVALS,
)
from .vocabulary import OPERATORS, registers, vocabulary

SLUG = {"type": "string", "pattern": "^[a-z0-9_-]+$"}
TEXT = {"type": "string", "minLength": 1}
MMDD = {"type": "string", "pattern": "^[0-9]{2}-[0-9]{2}$"}
DATE = {"type": "string", "format": "date"}  # TOML dates; Taplo maps them to this
BODY = {
    "type": "string",
    "description": "A standard body or a key of [[bodies]]",
    "examples": list(STANDARD_BODIES),
}
_OPS = sorted({op for ops in OPERATORS.values() for op in ops} | {"contains"})


def _condition() -> dict[str, Any]:
    fields = sorted({name for r in registers().values() for name in r.fields})
    return {
        "description": "Conditions over the register's fields: keys combine with 'and'; "
        "any/all take lists of conditions, not one; `field__op` compares (eq if no op).",
        "type": ["object", "boolean"],
        "propertyNames": {
            "anyOf": [
                {"enum": ["any", "all", "not"]},
                {"pattern": f"^({'|'.join(fields)})(__({'|'.join(_OPS)}))?$"},
            ]
        },
    }


def _param(spec) -> dict[str, Any]:
    kind = spec.kind
    schema: dict[str, Any]
    if kind == "int":
        schema = {"type": "integer"}
        if spec.min is not None:
            schema["minimum"] = spec.min
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind in ("text", "template"):
        schema = dict(TEXT)
    elif kind == "slug":
        schema = dict(SLUG)
    elif kind == "choice":
        schema = {"enum": list(spec.choices)} if spec.choices else {"type": "string"}
    elif kind == "condition":
        schema = {"$ref": "#/$defs/condition"}
    elif kind == "field":
        schema = {"type": "string"}
    elif kind in ("fields", "periods"):
        schema = {"type": "array", "items": {"type": "string"}, "minItems": 1}
    elif kind in ("bodies", "recipients"):
        schema = {"type": "array", "items": BODY, "minItems": 1}
    elif kind == "body":
        schema = dict(BODY)
    elif kind == "steps":
        schema = {"type": "array", "minItems": 2, "items": {"type": "array", "items": BODY}}
    elif kind == "matter_kinds":
        schema = {"type": "array", "items": {"enum": list(vocabulary("matter_kinds"))}}
    elif kind == "evidence":
        schema = {
            "type": "object",
            "required": ["register", "link"],
            "additionalProperties": False,
            "properties": {
                "register": {"enum": list(registers())},
                "link": {"type": "string"},
                "when": {"$ref": "#/$defs/condition"},
                "count": {"type": "integer", "minimum": 1},
            },
        }
    elif kind == "matter_evidence":
        schema = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "kinds": {"type": "array", "items": {"enum": list(vocabulary("matter_kinds"))}},
                "to": {"type": "array", "items": BODY},
            },
        }
    else:
        raise ValueError(kind)
    schema["description"] = spec.help
    return schema


def _check(family: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    properties = {name: _param(spec) for name, spec in {**COMMON, **FAMILY_PARAMS[family]}.items()}
    properties["family"] = {"const": family, "description": FAMILY_LABELS[family]}
    properties["register"] = {"enum": list(registers())}
    properties.update(extra or {})
    required = ["family", "register"] + [n for n, s in FAMILY_PARAMS[family].items() if s.required]
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


def _table(name: str, properties: dict[str, Any], required=()) -> dict[str, Any]:
    allowed = _ALLOWED_KEYS[name]
    return {
        "type": "object",
        "required": list(required),
        "additionalProperties": False,
        "properties": {key: properties.get(key, {}) for key in allowed},
    }


def profile_schema() -> dict[str, Any]:
    routine_own = {
        "key": SLUG,
        "document": SLUG,
        "requirement": {"type": "string", "pattern": "^[A-Z]+[0-9]+$"},
        "description": {"type": "string"},
    }
    document = _table(
        "documents",
        {
            "key": SLUG,
            "title": TEXT,
            "kind": {"enum": list(DOCUMENT_KINDS)},
            "status": {"enum": list(DOCUMENT_STATUSES)},
            "adopted_by": BODY,
            "adopted_on": DATE,
            "adopted_paragraph": TEXT,
            "valid_from": DATE,
            "valid_to": DATE,
            "registry_number": TEXT,
            "owner": TEXT,
            "addressed_to": TEXT,
            "review_date": DATE,
            "review_interval": {"enum": list(REVIEW_INTERVALS)},
            "keywords": {"type": "array", "items": TEXT},
            "summary": {"type": "string"},
            "conditional_on": SLUG,
            "replaces": {
                "type": "array",
                "items": _table(
                    "replaces",
                    {
                        "title": TEXT,
                        "adopted_by": BODY,
                        "adopted_year": {"type": "integer"},
                        "revised_year": {"type": "integer"},
                    },
                    ["title"],
                ),
            },
        },
        ["key", "title", "kind", "status"],
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://utblick.example/policy-profile.schema.json",
        "title": "Utblick policy profile (format 2)",
        "description": "An organisation's steering documents as TOML: see docs/policy-profiles.md.",
        "type": "object",
        "required": ["format", "organisation", "documents"],
        "additionalProperties": False,
        "$defs": {"condition": _condition()},
        "properties": {
            "format": {"const": 2},
            "organisation": _table(
                "organisation",
                {
                    "code": {"type": "string", "pattern": "^([0-9]{2}|[0-9]{4})$"},
                    "name": TEXT,
                    "kind": {"enum": list(ORGANISATION_KINDS)},
                },
                ["code", "name"],
            ),
            "documents": {"type": "array", "minItems": 1, "items": document},
            "bodies": {
                "type": "array",
                "items": _table(
                    "bodies",
                    {
                        "key": SLUG,
                        "name": TEXT,
                        "kind": {"enum": list(vocabulary("unit_kinds"))},
                        "parent": BODY,
                        "chair": TEXT,
                        "members": {"type": "array", "items": TEXT},
                        "meets_per_year": {"type": "integer", "minimum": 1},
                        "handles": {
                            "type": "array",
                            "items": {"enum": list(vocabulary("matter_kinds"))},
                        },
                        "description": {"type": "string"},
                    },
                    ["key", "name", "kind"],
                ),
            },
            "priority_areas": {
                "type": "array",
                "items": _table(
                    "priority_areas",
                    {
                        "key": SLUG,
                        "name": TEXT,
                        "description": {"type": "string"},
                        "tags": {"type": "array", "items": SLUG},
                        "rank": {"type": "integer", "minimum": 1},
                        "exclude_terms": {"type": "array", "items": TEXT},
                        "commitments": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["key", "text"],
                                "additionalProperties": False,
                                "properties": {"key": SLUG, "text": TEXT},
                            },
                        },
                    },
                    ["key", "name"],
                ),
            },
            "goals": {
                "type": "array",
                "items": _table(
                    "goals",
                    {
                        "key": SLUG,
                        "name": TEXT,
                        "description": {"type": "string"},
                        "priority_area": SLUG,
                        "indicators": {
                            "type": "array",
                            "items": _table(
                                "indicators",
                                {
                                    "key": SLUG,
                                    "name": TEXT,
                                    "kind": {"enum": list(INDICATOR_KINDS)},
                                    "metric": {"enum": list(DERIVED_METRICS)},
                                    "unit": TEXT,
                                    "baseline": {"type": "number"},
                                    "baseline_year": {"type": "integer"},
                                    "target": {"type": "number"},
                                    "target_year": {"type": "integer"},
                                    "direction": {"enum": list(DIRECTIONS)},
                                },
                                ["key", "name", "kind", "direction"],
                            ),
                        },
                    },
                    ["key", "name"],
                ),
            },
            "responsibilities": {
                "type": "array",
                "items": _table(
                    "responsibilities",
                    {
                        "body": BODY,
                        "duties": {"type": "array", "items": TEXT},
                        "decides": {
                            "type": "array",
                            "items": {"enum": list(RESPONSIBILITY_DECISIONS)},
                        },
                    },
                    ["body"],
                ),
            },
            "reporting": {
                "type": "array",
                "items": _table(
                    "reporting",
                    {
                        "key": SLUG,
                        "name": TEXT,
                        "period_start": MMDD,
                        "period_end": MMDD,
                        "due": MMDD,
                        "reporters": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"enum": list(REPORTER_KINDS)},
                        },
                        "recipient": BODY,
                    },
                    ["key", "name", "period_start", "period_end", "due", "reporters", "recipient"],
                ),
            },
            "grant_schemes": {
                "type": "array",
                "items": _table(
                    "grant_schemes",
                    {
                        "key": SLUG,
                        "name": TEXT,
                        "description": {"type": "string"},
                        "eligible": {
                            "type": "array",
                            "items": {"enum": list(vocabulary("grant_applicant_kinds"))},
                        },
                        "criteria": {"type": "array", "items": TEXT},
                        "yearly_budget_sek": {"type": "integer", "minimum": 0},
                        "deadline": MMDD,
                        "for_next_year": {"type": "boolean"},
                        "allocated_by": BODY,
                    },
                    ["key", "name"],
                ),
            },
            "cost_sharing": {
                "type": "array",
                "items": _table(
                    "cost_sharing",
                    {
                        "cost": {"enum": list(vocabulary("cost_categories"))},
                        "paid_by": {"enum": list(vocabulary("cost_payers"))},
                        "note": TEXT,
                    },
                    ["cost", "paid_by"],
                ),
            },
            "routines": {
                "type": "array",
                "items": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["key", "checks"],
                            "additionalProperties": False,
                            "properties": {
                                **routine_own,
                                "checks": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {"oneOf": [_check(f) for f in FAMILIES]},
                                },
                            },
                        },
                        *[
                            {**_check(f, routine_own), "required": ["key", *_check(f)["required"]]}
                            for f in FAMILIES
                        ],
                    ]
                },
            },
        },
        "x-notify-groups": list(NOTIFY_GROUPS),
    }
