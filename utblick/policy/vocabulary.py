"""The registers as a profile's routines see them, and conditions over their fields.

Pure Python (no Django): `profile check` checks every condition against the register
description in `registers.toml` when the profile is read, so a mistake (an unknown field, a
value of the wrong type, a comparison the field cannot make) is a located error at the
profile's line, never a surprise while the routines run.

A condition is written in the style of Django's lookups, as a TOML table:

    when = { kind = "twin_town", status__in = ["proposed", "active"] }
    when = { role = "lead", total_budget_sek__gte = 12_000_000 }
    when = { any = [{ scope = "municipality_wide" }, { elected_representative_count__gt = 0 }] }

Keys combine with "and"; `any` (a list of conditions, one must hold), `all` and `not` nest.
The same parsed condition is evaluated here over one record's values (the engine) and
compiled to a database filter by `utblick.routines.conditions` (the sweep); a test proves
the two agree.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from utblick.core.numbers import format_exact, format_money

REGISTERS_FILE = Path(__file__).with_name("registers.toml")

FIELD_TYPES = ("text", "choice", "int", "decimal", "date", "bool", "country")
TODAY = "today"

# Operators per field type; "eq" is written without a suffix (`kind = "twin_town"`).
_ORDERED = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "empty")
OPERATORS: dict[str, tuple[str, ...]] = {
    "text": ("eq", "ne", "in", "not_in", "empty"),
    "choice": ("eq", "ne", "in", "not_in", "empty"),
    "country": ("eq", "ne", "in", "not_in", "empty"),
    "int": _ORDERED,
    "decimal": _ORDERED,
    "date": _ORDERED,
    "bool": ("eq", "ne"),
}
MANY_OPERATORS = ("contains", "empty")
OPERATOR_LABELS = {
    "eq": "är",
    "ne": "är inte",
    "in": "är något av",
    "not_in": "är inget av",
    "gt": "är större än",
    "gte": "är minst",
    "lt": "är mindre än",
    "lte": "är högst",
    "empty": "är tom",
    "contains": "innehåller",
}
COMBINATORS = ("any", "all", "not")
_COUNTRY = re.compile(r"[A-Z]{2}")


# --- The register description --------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: str
    choices: tuple[str, ...] | None = None
    vocabulary: str | None = None
    orm: str | None = None
    expr: str | None = None
    many: bool = False

    @property
    def operators(self) -> tuple[str, ...]:
        return MANY_OPERATORS if self.many else OPERATORS[self.type]


@dataclass(frozen=True)
class Register:
    name: str
    label: str
    singular: str
    key_prefix: str
    model: str
    record_label: str
    begins_on: str
    # The day a record of this register happened, as evidence of a duty (a visit's start,
    # a matter's decision).
    event_on: str
    fields: Mapping[str, Field]
    # The dates that say a record happened in the world (an application submitted, a visit
    # made): one before tracking began puts the record's problems in the backlog.
    occurred_on: tuple[str, ...]
    # Where a record is still pending (a decision route's obligation, not yet a conflict) and
    # where it is in force (decision routes and limits look at these only).
    pending_raw: Mapping[str, Any]
    in_force_raw: Mapping[str, Any]
    # Links to other registers (visit.partnership → partnerships), for evidence.
    links: Mapping[str, str]
    own_decision: Mapping[str, Any]

    def field(self, name: str) -> Field | None:
        return self.fields.get(name)

    @cached_property
    def pending(self) -> Condition:
        return parse_condition(dict(self.pending_raw), self)[0]

    @cached_property
    def in_force(self) -> Condition:
        return parse_condition(dict(self.in_force_raw), self)[0]

    def date_fields(self) -> tuple[str, ...]:
        return tuple(name for name, f in self.fields.items() if f.type == "date" and not f.many)


@cache
def registers() -> dict[str, Register]:
    """Every register a routine may name, read once from registers.toml."""
    data = tomllib.loads(REGISTERS_FILE.read_text(encoding="utf-8"))
    vocabularies = {name: tuple(values) for name, values in data["vocabularies"].items()}
    found = {}
    for name, spec in data["registers"].items():
        fields = {}
        for field_name, f in spec["fields"].items():
            choices = f.get("choices")
            vocabulary_name = choices if isinstance(choices, str) else None
            if isinstance(choices, str):
                choices = vocabularies[choices]
            fields[field_name] = Field(
                name=field_name,
                type=f["type"],
                label=f["label"],
                choices=tuple(choices) if choices is not None else None,
                vocabulary=vocabulary_name,
                orm=f.get("orm"),
                expr=f.get("expr"),
                many=bool(f.get("many", False)),
            )
        found[name] = Register(
            name=name,
            label=spec["label"],
            singular=spec["singular"],
            key_prefix=spec["key_prefix"],
            model=spec["model"],
            record_label=spec["record_label"],
            begins_on=spec["begins_on"],
            event_on=spec["event_on"],
            fields=fields,
            occurred_on=tuple(spec.get("occurred_on", ())),
            pending_raw=spec.get("pending", {}),
            in_force_raw=spec.get("in_force", {}),
            links=spec.get("links", {}),
            own_decision=spec.get("own_decision", {}),
        )
    return found


@cache
def _vocabularies() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = tomllib.loads(REGISTERS_FILE.read_text(encoding="utf-8"))[
        "vocabularies"
    ]
    return found


def vocabulary(name: str) -> tuple[str, ...]:
    """The allowed values of a vocabulary (unit_kinds, partnership_kinds …)."""
    return tuple(_vocabularies()[name])


@cache
def value_labels() -> dict[str, str]:
    """Swedish labels of every vocabulary value, for text written from values."""
    labels: dict[str, str] = {}
    for values in _vocabularies().values():
        for value, label in values.items():
            labels.setdefault(value, label)
    return labels


def label_of(vocabulary_name: str, value: str) -> str:
    return _vocabularies()[vocabulary_name].get(value, value)


def register_by_model(model_label: str) -> Register | None:
    return next((r for r in registers().values() if r.model == model_label), None)


# --- Conditions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Compare:
    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition = Compare | AllOf | AnyOf | Not
ALWAYS = AllOf(())
NEVER = AnyOf(())

# A problem found in a condition: the key path below the condition, and a Swedish message.
Problem = tuple[tuple[str | int, ...], str]


def parse_condition(raw: Any, register: Register) -> tuple[Condition, list[Problem]]:
    """The condition a TOML table states, with every problem found (located below it)."""
    problems: list[Problem] = []
    condition = _parse(raw, register, (), problems)
    return condition, problems


def _parse(raw: Any, register: Register, at: tuple[Any, ...], problems: list[Problem]) -> Condition:
    if isinstance(raw, bool):  # `pending = false`: never; `true`: always
        return ALWAYS if raw else NEVER
    if not isinstance(raw, dict):
        problems.append((at, f"fel typ: väntade ett villkor (en tabell), fick {_type(raw)}"))
        return ALWAYS
    parts: list[Condition] = []
    for key, value in raw.items():
        where = (*at, key)
        if key in ("any", "all"):
            if not isinstance(value, list) or not value:
                problems.append((where, f"'{key}' ska vara en lista med minst ett villkor"))
                continue
            nested = tuple(
                _parse(item, register, (*where, i), problems) for i, item in enumerate(value)
            )
            parts.append(AnyOf(nested) if key == "any" else AllOf(nested))
        elif key == "not":
            parts.append(Not(_parse(value, register, where, problems)))
        else:
            compare = _comparison(key, value, register, where, problems)
            if compare is not None:
                parts.append(compare)
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _comparison(
    key: str, value: Any, register: Register, where: tuple[Any, ...], problems: list[Problem]
) -> Compare | None:
    name, _, op = key.partition("__")
    field = register.field(name)
    if field is None:
        known = ", ".join(register.fields)
        problems.append((where, f"okänt fält '{name}' i {register.label} — finns: {known}"))
        return None
    op = op or ("contains" if field.many else "eq")
    if op not in field.operators:
        allowed = ", ".join(f"{name}__{o}" if o != "eq" else name for o in field.operators)
        problems.append(
            (
                where,
                f"'{key}': fältet {name} ({field.label}) kan inte jämföras med '{op}' — "
                f"tillåtna: {allowed}",
            )
        )
        return None
    checked, problem = _value(field, op, value)
    if problem:
        problems.append((where, f"'{key}': {problem}"))
        return None
    return Compare(name, op, checked)


def _value(field: Field, op: str, value: Any) -> tuple[Any, str | None]:
    if op == "empty":
        if not isinstance(value, bool):
            return None, f"väntade true eller false, fick {_type(value)}"
        return value, None
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            return None, f"väntade en lista med minst ett värde, fick {_type(value)}"
        items = []
        for item in value:
            checked, problem = _scalar(field, item)
            if problem:
                return None, problem
            items.append(checked)
        return tuple(items), None
    return _scalar(field, value)


def _scalar(field: Field, value: Any) -> tuple[Any, str | None]:
    kind = field.type
    if kind in ("text", "choice", "country"):
        if not isinstance(value, str):
            return None, f"väntade text, fick {_type(value)}"
        if kind == "choice" and field.choices is not None and value not in field.choices:
            return None, f"okänt värde '{value}' — tillåtna: {', '.join(field.choices)}"
        if kind == "country" and not _COUNTRY.fullmatch(value):
            return None, f"väntade en landskod med två versaler (t.ex. \"UA\"), fick '{value}'"
        return value, None
    if kind == "bool":
        if not isinstance(value, bool):
            return None, f"väntade true eller false, fick {_type(value)}"
        return value, None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"väntade ett heltal, fick {_type(value)}"
        return value, None
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, f"väntade ett tal, fick {_type(value)}"
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None, f"väntade ett tal, fick {_type(value)}"
        if not number.is_finite():
            return None, "talet måste vara ändligt"
        return number, None
    if kind == "date":
        if value == TODAY:
            return TODAY, None
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value, None
        return (
            None,
            f'väntade ett datum (t.ex. 2003-01-01, utan citattecken) eller "today", fick {_type(value)}',
        )
    return None, f"okänd fälttyp {kind}"


def _type(value: Any) -> str:
    names = {
        str: "text",
        bool: "sant/falskt",
        int: "heltal",
        float: "tal",
        list: "lista",
        dict: "tabell",
    }
    name = names.get(type(value), "datum" if isinstance(value, date) else type(value).__name__)
    shown = repr(value) if not isinstance(value, dict | list) else ""
    return f"{name} ({shown})" if shown else name


def fields_of(condition: Condition) -> tuple[str, ...]:
    """Every field the condition names, in the order it names them."""
    if isinstance(condition, Compare):
        return (condition.field,)
    if isinstance(condition, Not):
        return fields_of(condition.part)
    return tuple(dict.fromkeys(name for part in condition.parts for name in fields_of(part)))


# --- Evaluation over one record ------------------------------------------------------------


def holds(condition: Condition, values: Mapping[str, Any], today: date) -> bool:
    """Whether one record's values satisfy the condition (as the database filter decides)."""
    if isinstance(condition, AllOf):
        return all(holds(part, values, today) for part in condition.parts)
    if isinstance(condition, AnyOf):
        return any(holds(part, values, today) for part in condition.parts)
    if isinstance(condition, Not):
        return not holds(condition.part, values, today)
    return _compare(condition, values.get(condition.field), today)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def _compare(compare: Compare, value: Any, today: date) -> bool:
    op, wanted = compare.op, compare.value
    if wanted == TODAY:
        wanted = today
    if op == "empty":
        return bool(is_empty(value) == wanted)
    if op == "contains":
        return wanted in (value or ())
    if op == "eq":
        return bool(value == wanted)
    if op == "ne":
        return bool(value != wanted)
    if op == "in":
        return value in wanted
    if op == "not_in":
        return value not in wanted
    if value is None or value == "":
        return False  # as in SQL: nothing is greater or smaller than a missing value
    if op == "gt":
        return bool(value > wanted)
    if op == "gte":
        return bool(value >= wanted)
    if op == "lt":
        return bool(value < wanted)
    if op == "lte":
        return bool(value <= wanted)
    raise ValueError(f"unknown operator {op}")


# --- Describing a condition in Swedish -----------------------------------------------------


def describe(
    condition: Condition, register: Register, labels: Mapping[str, str] | None = None
) -> str:
    """A plain Swedish reading of the condition, for explanations and the profile page."""
    if isinstance(condition, AllOf):
        if not condition.parts:
            return "alltid"
        return " och ".join(describe(p, register, labels) for p in condition.parts)
    if isinstance(condition, AnyOf):
        return "(" + " eller ".join(describe(p, register, labels) for p in condition.parts) + ")"
    if isinstance(condition, Not):
        return "inte " + describe(condition.part, register, labels)
    field = register.field(condition.field)
    name = (field.label if field else condition.field).replace(" (kr)", "")
    value = condition.value
    if condition.op == "empty":
        return f"{name} är {'tom' if value else 'ifylld'}"

    def shown(v: Any) -> str:
        if v == TODAY:
            return "dagens datum"
        if isinstance(v, Decimal) and field is not None and "(kr)" in field.label:
            return format_money(v)
        if isinstance(v, Decimal):
            return format_exact(v)
        if labels and isinstance(v, str) and v in labels:
            return labels[v]
        return str(v)

    text = ", ".join(shown(v) for v in value) if isinstance(value, tuple) else shown(value)
    return f"{name} {OPERATOR_LABELS[condition.op]} {text}"


def condition_to_toml(condition: Condition) -> dict[str, Any] | bool:
    """The condition as the TOML table it was read from (for writing a profile back)."""
    if condition == NEVER:
        return False
    if isinstance(condition, Compare):
        key = condition.field if condition.op in ("eq",) else f"{condition.field}__{condition.op}"
        value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        return {key: value}
    if isinstance(condition, Not):
        return {"not": condition_to_toml(condition.part)}
    if isinstance(condition, AnyOf):
        return {"any": [condition_to_toml(p) for p in condition.parts]}
    merged: dict[str, Any] = {}
    nested: list[dict[str, Any] | bool] = []
    for part in condition.parts:
        table = condition_to_toml(part)
        if isinstance(table, bool) or set(table) & set(merged):
            nested.append(table)
        else:
            merged.update(table)
    if nested:
        merged["all"] = nested
    return merged


def field_names(register: Register) -> Sequence[str]:
    return tuple(register.fields)
