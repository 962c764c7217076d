"""Helpers the rules share: Swedish labels, bodies, decisions. Pure Python, no Django."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from utblick.core.money import format_sek
from utblick.policy.rule_types import BODY_LABELS, PARTNERSHIP_KIND_LABELS

from ..facts import Facts, MatterFact, UnitFact

APPROVED = "approved"
WITHDRAWN = "withdrawn"

# Units that take decisions for the area they own (L2: "nämnder och bolagsstyrelser").
OWNING_BODY_KINDS = ("committee", "municipal_company", "executive_board", "council")
# Bodies that are "the owner's" (the nearest such unit above the record's unit), not a
# single municipality-wide body.
OWNER_RELATIVE_BODIES = ("committee", "municipal_company", "administration")

# Who may represent the municipality at a visit (the visit register's vocabulary).
REPRESENTATION_LABELS = {**BODY_LABELS, "staff": "tjänstepersoner"}

# Days a registered record has to be completed (an agreement's end date, a legal ground).
# Produktval: the documents say nothing; 30 days.
COMPLETE_WITHIN_DAYS = 30
# Calendar duties (reviews, reports) appear this many days before they fall due.
LEAD_DAYS = 60


def body_label(body: str) -> str:
    return BODY_LABELS.get(body, body)


def kind_label(kind: str) -> str:
    return PARTNERSHIP_KIND_LABELS.get(kind, kind)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def lowered(text: str) -> str:
    """A name used mid-sentence: "Årsredovisning" → "årsredovisning" (not "EU-…")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def join_sv(items: Iterable[str]) -> str:
    """["a", "b", "c"] → "a, b och c"."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " och " + items[-1]


def sek(amount) -> str:
    return format_sek(amount)


def units_for_body(facts: Facts, body: str, owning_unit_id: int | None) -> list[UnitFact]:
    """The units that act as `body` for a record owned by `owning_unit_id`.

    `owning_unit` is the nearest deciding unit at or above the owner (its committee or
    company board); committee / company / administration is the nearest unit of that kind;
    any other body (executive board, council, executive office …) is every unit of that kind.
    """
    if body == "owning_unit":
        unit = facts.nearest_of_kind(owning_unit_id, OWNING_BODY_KINDS)
        return [unit] if unit else []
    if body in OWNER_RELATIVE_BODIES:
        unit = facts.nearest_of_kind(owning_unit_id, (body,))
        return [unit] if unit else []
    return facts.units_of_kind(body)


def describe_body(facts: Facts, body: str, owning_unit_id: int | None) -> str:
    if body in ("owning_unit", *OWNER_RELATIVE_BODIES):
        units = units_for_body(facts, body, owning_unit_id)
        if units:
            return units[0].name
        return (
            "den ägande nämnden eller bolagsstyrelsen"
            if body == "owning_unit"
            else body_label(body)
        )
    return body_label(body)


def responsible_for(facts: Facts, body: str, owning_unit_id: int | None) -> int | None:
    """The unit that must act for `body`: the owner's own unit, or the body's unit."""
    if body in ("owning_unit", *OWNER_RELATIVE_BODIES):
        units = units_for_body(facts, body, owning_unit_id)
        return units[0].id if units else owning_unit_id
    if body == "executive_office":
        return facts.office_unit_id
    units = facts.units_of_kind(body)
    return units[0].id if units else None


def approving_matter(
    facts: Facts,
    subject: str,
    subject_id: int,
    body_kinds: Iterable[str],
    *,
    also_ids: Iterable[int | None] = (),
    matter_kinds: Iterable[str] | None = None,
    decided_on_or_after: date | None = None,
    body_ids: Iterable[int] | None = None,
) -> MatterFact | None:
    """An approved decision about the record by a body of one of `body_kinds`.

    `also_ids` are matters linked from the record itself (a partnership's `decision`).
    `body_ids`, when given, restricts the deciding body to those units.
    """
    kinds = set(body_kinds)
    allowed_ids = set(body_ids) if body_ids is not None else None
    wanted = set(matter_kinds) if matter_kinds is not None else None
    candidates = list(facts.matters_about(subject, subject_id))
    for matter_id in also_ids:
        matter = facts.matter_by_id.get(matter_id) if matter_id else None
        if matter is not None and not matter.archived and matter not in candidates:
            candidates.append(matter)
    for matter in sorted(candidates, key=lambda m: (m.decided_on or date.min, m.id)):
        if matter.outcome != APPROVED or matter.decided_on is None:
            continue
        if wanted is not None and matter.kind not in wanted:
            continue
        if allowed_ids is not None:
            if matter.body_id not in allowed_ids:
                continue
        elif facts.unit_kind(matter.body_id) not in kinds:
            continue
        if decided_on_or_after and matter.decided_on < decided_on_or_after:
            continue
        return matter
    return None


def decision_evidence(facts: Facts, matter: MatterFact) -> str:
    return (
        f"Beslut: {matter.reference}, {facts.unit_name(matter.body_id)} "
        f"{matter.decided_on.isoformat() if matter.decided_on else ''}".strip()
    )
