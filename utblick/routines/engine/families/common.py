"""What the families share: bodies, decisions, Swedish wording, due dates. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from utblick.policy.families import RELATIVE_BODIES, Check, fill
from utblick.policy.vocabulary import (
    ALWAYS,
    Condition,
    Register,
    describe,
    holds,
    label_of,
    registers,
)

from ..dates import iso
from ..facts import Facts, RecordFact, UnitFact
from ..findings import RecordRef

APPROVED = "approved"
# Units that take decisions for the area they own (L2: "nämnder och bolagsstyrelser"); the
# executive board decides for its own office, the council for itself.
DECIDING_KINDS = ("committee", "municipal_company", "executive_board", "council")
# Calendar duties appear this many days before they fall due.
LEAD_DAYS = 60


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def lowered(text: str) -> str:
    """A name used mid-sentence: "Kommunstyrelsen" → "kommunstyrelsen" (not "EU-nätverket")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def join_sv(items: Iterable[str], last: str = "och") -> str:
    """["a", "b", "c"] → "a, b och c" (or "a, b eller c" where any one will do)."""
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def shown_value(value: Any) -> str:
    if isinstance(value, date):
        return iso(value)
    if value is None or value == "":
        return "–"
    return str(value)


def register_of(check: Check) -> Register:
    return registers()[check.register]


def field_label(facts: Facts, register: Register, name: str) -> str:
    """A field's Swedish label in the organisation's words ("angiven nytta för regionen")."""
    field = register.field(name)
    return _org_words(facts, field.label if field else name)


# --- Bodies --------------------------------------------------------------------------------


def body_units(facts: Facts, body: str, owner_unit_id: int | None) -> list[UnitFact]:
    """The units that act as `body` for a record owned by `owner_unit_id`.

    A body the profile declares by key is that unit. `owning_unit` is the nearest deciding
    unit at or above the owner (its committee or company board; the executive board for its
    own office). committee / municipal_company / administration is the nearest unit of that
    kind above the owner; where there is none, the nearest deciding unit acts (a project of
    the executive office is the executive board's). Any other kind is every unit of it.
    """
    if body in facts.unit_by_key:
        return [facts.unit_by_key[body]]
    if body == "owning_unit":
        unit = facts.nearest_of_kind(owner_unit_id, DECIDING_KINDS)
        return [unit] if unit else []
    if body in RELATIVE_BODIES:
        unit = facts.nearest_of_kind(owner_unit_id, (body,))
        if unit is None and body == "committee":
            unit = facts.nearest_of_kind(owner_unit_id, DECIDING_KINDS)
        return [unit] if unit else []
    return facts.units_of_kind(body)


def body_label(facts: Facts, body: str, owner_unit_id: int | None = None) -> str:
    """A body's name mid-sentence: its unit's name when it is one particular unit, otherwise
    the organisation's word for it (kommunstyrelsen, regionstyrelsen …)."""
    if body in facts.unit_by_key:
        return lowered(facts.unit_by_key[body].name)
    if body in RELATIVE_BODIES:
        units = body_units(facts, body, owner_unit_id)
        if units:
            return units[0].name
    return facts.terms.get(body, body)


def bodies_label(
    facts: Facts, bodies: Iterable[str], owner_unit_id: int | None, last: str = "eller"
) -> str:
    return join_sv((body_label(facts, b, owner_unit_id) for b in bodies), last)


def allowed_unit_ids(
    facts: Facts, bodies: Iterable[str], owner_unit_id: int | None, *, or_parent: bool = False
) -> set[int]:
    ids: set[int] = set()
    for body in bodies:
        for unit in body_units(facts, body, owner_unit_id):
            ids.add(unit.id)
            if or_parent and unit.parent_id is not None:
                ids.add(unit.parent_id)
    return ids


def responsible_unit(
    facts: Facts, check: Check, record: RecordFact | None, default: int | None
) -> int | None:
    """The unit that must act: the check's `responsible` body, else `default`."""
    body = check.responsible
    owner = record.unit_id if record else None
    if not body:
        return default
    if body == "executive_office":
        return facts.office_unit_id or default
    units = body_units(facts, body, owner)
    return units[0].id if units else default


# --- Decisions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """Evidence that a body decided: the matter (if any), the deciding unit and the day."""

    text: str
    decided_on: date
    unit_id: int | None
    matter_id: int | None = None


def _matter_decision(facts: Facts, matter: RecordFact) -> Decision:
    reference = matter.label
    return Decision(
        text=f"Beslut: {reference}, {facts.unit_name(matter.link('body'))} {iso(matter['decided_on'])}".strip(),
        decided_on=matter["decided_on"],
        unit_id=matter.link("body"),
        matter_id=matter.id,
    )


def decision_for(
    facts: Facts,
    record: RecordFact,
    allowed: set[int],
    *,
    matter_kinds: Iterable[str] = (),
    after: date | None = None,
) -> Decision | None:
    """An approved decision about the record by one of the `allowed` units.

    Where the register keeps the decision on the record itself (a membership's deciding body
    and date, a partnership's decision matter, a matter's own outcome) that counts; otherwise
    and besides, any approved matter about the record. `after`: decided on or after that day.
    """
    register = registers()[record.register]
    own = register.own_decision
    kinds = set(matter_kinds)
    if own.get("is_matter"):
        candidates = [record]
    else:
        candidates = list(facts.matters_about(record.register, record.id))
        matter_link = own.get("matter_link")
        linked = facts.record("matters", record.link(matter_link)) if matter_link else None
        if linked is not None and linked not in candidates:
            candidates.append(linked)
        # A decision of a named kind (a representation decision) is a matter, never the
        # record's own decision fields.
        body_link = None if kinds else own.get("body_link")
        decided_on = record[own["date_field"]] if body_link else None
        if (
            body_link
            and record.link(body_link) in allowed
            and decided_on
            and (after is None or decided_on >= after)
        ):
            return Decision(
                text=f"Beslutat av {facts.unit_name(record.link(body_link))} {iso(decided_on)}",
                decided_on=decided_on,
                unit_id=record.link(body_link),
            )
    for matter in sorted(candidates, key=lambda m: (m["decided_on"] or date.min, m.id)):
        if matter["outcome"] != APPROVED or matter["decided_on"] is None:
            continue
        if kinds and matter["kind"] not in kinds:
            continue
        if matter.link("body") not in allowed:
            continue
        if after is not None and matter["decided_on"] < after:
            continue
        return _matter_decision(facts, matter)
    return None


def recorded_decider(facts: Facts, record: RecordFact) -> str:
    """Who the record says decided it, when that is not the right body (for explanations)."""
    own = registers()[record.register].own_decision
    if own.get("body_link") and record.link(own["body_link"]):
        return facts.unit_name(record.link(own["body_link"]))
    return ""


# --- Records -------------------------------------------------------------------------------


def matching(facts: Facts, check: Check, *, in_force: bool = False) -> list[RecordFact]:
    """The records of the check's register that its condition (and, for decision routes and
    limits, the register's in-force condition) selects."""
    register = register_of(check)
    condition = check.param("in_force") if in_force else None
    if in_force and condition is None:
        condition = register.in_force
    found = []
    for record in facts.of(check.register):
        if not holds(check.when, record.values, facts.today):
            continue
        if condition is not None and not holds(condition, record.values, facts.today):
            continue
        found.append(record)
    return found


def ref(record: RecordFact) -> RecordRef:
    return RecordRef(record.model, record.id, record.label)


def finding_key(record: RecordFact, check: Check, *suffix: str) -> str:
    return ":".join([record.key, *([check.key] if check.key else []), *suffix])


class TemplateValues(Mapping[str, Any]):
    """The names a title or explanation may use: the record's fields (a vocabulary's value by
    its Swedish label), {record}, {unit}, the organisation's words, then `extra`, which wins.
    Each is computed when a template names it, not for every field of every record."""

    def __init__(self, facts: Facts, record: RecordFact | None, extra: Mapping[str, Any]):
        self.facts, self.record, self.extra = facts, record, extra

    OWN_WORDS = ("organisation", "org", "org_genitive")

    def __getitem__(self, key: str) -> Any:
        if key in self.extra:
            return self.extra[key]
        if key == "organisation":
            return self.facts.organisation_name
        if key == "org":
            return self.facts.terms["organisation_definite"]
        if key == "org_genitive":
            return self.facts.terms["organisation_genitive"]
        record = self.record
        if record is None:
            raise KeyError(key)
        if key == "record":
            return record.label
        if key == "unit":
            return self.facts.unit_name(record.unit_id)
        if key not in record.values:
            raise KeyError(key)
        return value_text(self.facts, registers()[record.register], key, record.values[key])

    def __iter__(self) -> Iterator[str]:
        names = dict.fromkeys(self.record.values) if self.record is not None else {}
        if self.record is not None:
            names.update(dict.fromkeys(("record", "unit")))
        names.update(dict.fromkeys(self.OWN_WORDS))
        names.update(dict.fromkeys(self.extra))
        return iter(names)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def title(
    facts: Facts, template: str, default: str, record: RecordFact | None, **extra: Any
) -> str:
    return fill(template or default, TemplateValues(facts, record, extra))


def describe_condition(facts: Facts, register: Register, condition: Condition) -> str:
    """A condition in plain Swedish, in the organisation's words and with Swedish values
    (worded once per sweep: every finding of a check explains the same condition)."""
    key = (register.name, id(condition))
    found = facts.memo.get(key)
    if found is None or found[0] is not condition:
        labels = {**_value_labels(register), **facts.terms}
        found = facts.memo[key] = (
            condition,
            _org_words(facts, describe(condition, register, labels)),
        )
    return found[1]


def value_text(facts: Facts, register: Register, name: str, value: Any) -> str:
    field = register.field(name)
    if field is not None and field.vocabulary and isinstance(value, str) and value:
        return lowered(label_of(field.vocabulary, value))
    return shown_value(value)


def _org_words(facts: Facts, text: str) -> str:
    return text.replace("{org}", facts.terms["organisation_definite"]).replace(
        "{org_genitive}", facts.terms["organisation_genitive"]
    )


def explain(facts: Facts, check: Check, record: RecordFact | None, text: str, **extra: Any) -> str:
    """A finding's explanation: the check's own words (the document's), what the family found,
    and which records the check applies to."""
    parts = []
    if check.explanation:
        parts.append(fill(check.explanation, TemplateValues(facts, record, extra)))
    parts.append(text)
    if check.when != ALWAYS:
        register = register_of(check)
        parts.append(
            f"Gäller {register.label} där {describe_condition(facts, register, check.when)}."
        )
    return " ".join(part.strip() for part in parts if part.strip())


def _value_labels(register: Register) -> dict[str, str]:
    labels: dict[str, str] = {}
    for field in register.fields.values():
        if field.vocabulary:
            for value in field.choices or ():
                labels.setdefault(value, lowered(label_of(field.vocabulary, value)))
    return labels


def begins_on(record: RecordFact) -> date | None:
    day: date | None = record[registers()[record.register].begins_on]
    return day
