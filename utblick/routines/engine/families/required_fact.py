"""required_fact: records matching a condition must satisfy another (`require`): an end date, a
stated benefit, a representative, a legal ground, lessons learned …

What is missing is an obligation (or a conflict, `missing_is`) to complete the record by a
due date: `within_days` after `after_field` (its registration by default), or `days_before`
`before_field`. What is filled in but wrong (represented by the wrong body) is a conflict
(`wrong_is`). With `conflict_after_due`, what is still missing after the due date is a
conflict too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from utblick.policy.families import Check
from utblick.policy.vocabulary import AllOf, Compare, Condition, fields_of, holds, is_empty

from ..dates import add_days
from ..facts import Facts, RecordFact
from ..findings import CONFLICT, OBLIGATION, Finding
from .common import (
    capitalised,
    describe_condition,
    explain,
    field_label,
    finding_key,
    join_sv,
    matching,
    ref,
    register_of,
    responsible_unit,
    title,
    value_text,
)


def evaluate(check: Check, facts: Facts) -> list[Finding]:
    register = register_of(check)
    require: Condition = check.param("require")
    parts = require.parts if isinstance(require, AllOf) else (require,)
    # "ska ange slutdatum och omfattning" where the check asks for fields to be filled in;
    # otherwise what the record must satisfy, in plain words.
    fills = all(isinstance(p, Compare) and p.op == "empty" and p.value is False for p in parts)
    wanted = join_sv(_labels(facts, check, fields_of(require)))
    demand = (
        f"ska ange {wanted}"
        if fills
        else f"ska uppfylla: {describe_condition(facts, register, require)}"
    )
    findings = []
    for record in matching(facts, check):
        missing: list[str] = []
        wrong: list[str] = []
        for part in parts:
            if holds(part, record.values, facts.today):
                continue
            names = fields_of(part)
            if _missing(part, record):
                missing += _labels(facts, check, names)
            else:
                now = ", ".join(
                    f"{field_label(facts, register, name)}: {value_text(facts, register, name, record[name])}"
                    for name in names
                )
                wrong.append(f"{describe_condition(facts, register, part)} (nu {now})")
        due = _due(check, record, facts)
        overdue = due is not None and due < facts.today
        if wrong:
            kind = check.param("wrong_is")
        elif missing:
            kind = check.param("missing_is")
            if check.param("conflict_after_due") and overdue:
                kind = "conflict"
        else:
            kind = "obligation"
        if wrong:
            state = f"Uppfyller inte: {join_sv(wrong)}."
        elif missing:
            state = f"Saknas: {join_sv(missing)}."
        else:
            state = "Allt är ifyllt."
        is_conflict = kind == "conflict"
        default = f"Komplettera {register.singular} {{record}}"
        findings.append(
            Finding(
                dedupe_key=finding_key(record, check),
                kind=CONFLICT if is_conflict else OBLIGATION,
                title=title(
                    facts,
                    (check.conflict_title or check.title) if is_conflict else check.title,
                    default,
                    record,
                    missing=join_sv(missing) or "–",
                ),
                done_title=title(
                    facts,
                    check.done_title,
                    f"{capitalised(register.singular)} {{record}} är komplett",
                    record,
                ),
                explanation=explain(
                    facts,
                    check,
                    record,
                    f"{capitalised(register.singular)} {record.label} {demand}. {state}",
                ),
                evidence_required=check.evidence_text or f"Ifyllda fält: {wanted}.",
                record=ref(record),
                responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
                due_on=due,
                satisfied=not missing and not wrong,
                evidence=(
                    (check.done_title and title(facts, check.done_title, "", record))
                    or capitalised(f"{register.singular} anger {wanted}")
                )
                if not missing and not wrong
                else "",
                record_if_satisfied=bool(check.record_done),
            )
        )
    return findings


def _missing(part: Condition, record: RecordFact) -> bool:
    """Not filled in, rather than filled in wrongly: every field the part names is empty, or
    a count that must reach a number is still 0 (nothing registered yet)."""
    if isinstance(part, Compare) and part.op in ("gt", "gte") and record[part.field] == 0:
        return True
    return all(is_empty(record[name]) for name in fields_of(part))


def _labels(facts: Facts, check: Check, names: Iterable[str]) -> list[str]:
    # In the order the profile names them, so explanations read as the document does.
    return [field_label(facts, register_of(check), name) for name in names]


def _due(check: Check, record: RecordFact, facts: Facts) -> date | None:
    before = check.param("before_field")
    if before:
        day = record[before]
        return facts.due(add_days(day, -check.param("days_before"))) if day else None
    after = record[check.param("after_field")] or facts.today
    return facts.due(add_days(after, check.param("within_days")))
