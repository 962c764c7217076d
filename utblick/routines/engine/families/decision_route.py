"""decision_route: records matching a condition need an approved decision by one of the named
bodies — or by several, in order — before they go ahead.

While the record is pending (the register's proposed state, or the check's `pending`
condition) the decision is an obligation; once it has gone ahead without one it is a policy
conflict. With `on_change_of`, each change of those fields while the record was in the
`changed_while` state needs a new decision taken after the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from utblick.policy.families import Check
from utblick.policy.vocabulary import holds

from ..dates import iso
from ..facts import Facts, RecordFact
from ..findings import CONFLICT, OBLIGATION, Finding
from .common import (
    Decision,
    allowed_unit_ids,
    begins_on,
    bodies_label,
    capitalised,
    decision_for,
    explain,
    field_label,
    finding_key,
    join_sv,
    matching,
    recorded_decider,
    ref,
    register_of,
    responsible_unit,
    title,
)


def evaluate(check: Check, facts: Facts) -> list[Finding]:
    if check.param("on_change_of"):
        return _changes(check, facts)
    register = register_of(check)
    pending = check.param("pending") or register.pending
    steps = check.param("steps") or (check.param("decided_by"),)
    findings = []
    for record in matching(facts, check, in_force=True):
        found, missing = _decisions(facts, check, record, steps)
        is_pending = holds(pending, record.values, facts.today)
        who_all = join_sv(bodies_label(facts, step, record.unit_id) for step in steps)
        who = bodies_label(facts, steps[0], record.unit_id) if len(steps) == 1 else who_all
        state = _state(facts, record, found, missing, steps)
        due_field = check.param("due_field")
        due = record[due_field] if due_field else None
        if not is_pending:
            due = facts.not_before(due or begins_on(record))
        values = {"body": who, "bodies": who}
        obligation_title = title(
            facts,
            check.title,
            f"{capitalised(who)} ska besluta om {register.singular} {{record}}",
            record,
            **values,
        )
        conflict_title = title(
            facts,
            check.conflict_title or check.title,
            f"{capitalised(register.singular)} {{record}} saknar beslut av {who}",
            record,
            **values,
        )
        order = " i tur och ordning" if len(steps) > 1 else ""
        findings.append(
            Finding(
                dedupe_key=finding_key(record, check),
                kind=OBLIGATION if is_pending else CONFLICT,
                title=obligation_title if is_pending else conflict_title,
                done_title=title(
                    facts,
                    check.done_title,
                    f"Beslut av {who} om {register.singular} {{record}} finns",
                    record,
                    **values,
                ),
                explanation=explain(
                    facts,
                    check,
                    record,
                    (
                        f"{capitalised(register.singular)} {record.label} ska beslutas av {who_all}{order}. "
                        + ("Posten är ännu inte genomförd. " if is_pending else "")
                        + state
                    ),
                ),
                evidence_required=check.evidence_text
                or (
                    f"Ett beslut av {who_all}{order} med utfallet bifall: ett ärende om posten, "
                    "eller beslutet ifyllt i posten."
                ),
                record=ref(record),
                responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
                due_on=due,
                satisfied=not missing,
                evidence="; ".join(d.text for d in found) if not missing else "",
                evidence_matter_id=next((d.matter_id for d in reversed(found) if d.matter_id), None)
                if not missing
                else None,
                record_if_satisfied=check.record_done,
            )
        )
    return findings


def _decisions(
    facts: Facts,
    check: Check,
    record: RecordFact,
    steps: Sequence[Sequence[str]],
    after: date | None = None,
) -> tuple[list[Decision], Sequence[str] | None]:
    found: list[Decision] = []
    for step in steps:
        allowed = allowed_unit_ids(
            facts, step, record.unit_id, or_parent=bool(check.param("or_parent"))
        )
        decision = decision_for(
            facts, record, allowed, matter_kinds=check.param("matter_kinds") or (), after=after
        )
        if decision is None:
            return found, step
        found.append(decision)
        after = decision.decided_on
    return found, None


def _state(
    facts: Facts,
    record: RecordFact,
    found: list[Decision],
    missing: Sequence[str] | None,
    steps: Sequence[Sequence[str]],
) -> str:
    done = " ".join(f"{d.text}." for d in found)
    if missing is None:
        return done or "Beslutet finns."
    who = bodies_label(facts, missing, record.unit_id)
    other = recorded_decider(facts, record)
    if other and not found:
        return f"Det är beslutat av {other}, som inte är rätt organ."
    if found:
        return f"{done} Beslut av {who} saknas."
    return "Inget beslut är registrerat." if len(steps) == 1 else f"Beslut av {who} saknas."


def _changes(check: Check, facts: Facts) -> list[Finding]:
    register = register_of(check)
    fields = set(check.param("on_change_of"))
    changed_while = check.param("changed_while")
    steps = check.param("steps") or (check.param("decided_by"),)
    matching_ids = {r.id for r in matching(facts, check, in_force=True)}
    findings = []
    for change in facts.changes:
        if change.register != check.register or change.record_id not in matching_ids:
            continue
        changed = [name for name in change.fields if name in fields]
        if not changed or not holds(changed_while, change.previous, facts.today):
            continue
        record = facts.record(check.register, change.record_id)
        if record is None:
            continue
        found, missing = _decisions(facts, check, record, steps, after=change.previous_recorded_on)
        who = join_sv(bodies_label(facts, step, record.unit_id) for step in steps)
        what = join_sv(field_label(facts, register, name) for name in changed)
        values = {"body": who, "bodies": who}
        findings.append(
            Finding(
                dedupe_key=finding_key(record, check, f"change:v{change.version}"),
                kind=CONFLICT,
                title=title(
                    facts,
                    check.conflict_title or check.title,
                    f"Ändringen av {register.singular} {{record}} kräver beslut av {who}",
                    record,
                    **values,
                ),
                done_title=title(
                    facts,
                    check.done_title,
                    f"Ändringen av {register.singular} {{record}} är beslutad av {who}",
                    record,
                    **values,
                ),
                explanation=explain(
                    facts,
                    check,
                    record,
                    (
                        f"{capitalised(who)} beslutar om ändringar av betydande karaktär i "
                        f"{register.singular} {record.label}. Ändrat {iso(change.changed_on)} "
                        f"(version {change.version}): {what}."
                    ),
                ),
                evidence_required=check.evidence_text
                or (
                    f"Ett ärende om posten som {who} har beslutat (bifall) efter "
                    f"{iso(change.previous_recorded_on)}."
                ),
                record=ref(record),
                responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
                due_on=change.changed_on,
                satisfied=missing is None,
                evidence="; ".join(d.text for d in found) if missing is None else "",
                evidence_matter_id=next((d.matter_id for d in found if d.matter_id), None)
                if missing is None
                else None,
            )
        )
    return findings
