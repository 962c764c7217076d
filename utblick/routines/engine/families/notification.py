"""notification: someone is told about a matching record — within `within_days` of a date
of the record (its registration by default), or `days_before` a date (a visit's start).

Done when the record shows it (`done_field`, e.g. the day a visit was announced; after the
due date it is done but flagged late), when a matter about the record of the named kinds
went to the named body (`done_by_matter`: an information matter to the executive board),
or by hand with evidence.

Coordination (`coordinate_on`): only records whose value in that field another unit's
matching record shares (two units applying to the same call): each is told of the others.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from utblick.policy.families import NOTIFY_GROUPS, Check

from ..dates import add_days, iso
from ..facts import Facts, RecordFact
from ..findings import OBLIGATION, Finding
from .common import (
    allowed_unit_ids,
    body_label,
    capitalised,
    explain,
    finding_key,
    join_sv,
    matching,
    ref,
    register_of,
    responsible_unit,
    title,
)

WITHDRAWN = "withdrawn"


def evaluate(check: Check, facts: Facts) -> list[Finding]:
    register = register_of(check)
    records = matching(facts, check)
    partners = _coordination(check, records)
    findings = []
    for record in records:
        if check.param("coordinate_on") and not partners.get(record.id):
            continue
        whom = join_sv(_recipient(facts, name, record) for name in check.param("notify"))
        due, when = _due(check, record, facts)
        satisfied, evidence, matter_id, late = _done(check, facts, record, due)
        others = partners.get(record.id, [])
        about = (
            f" Samma {register.fields[check.param('coordinate_on')].label} har också "
            f"{join_sv(o.label + ' (' + facts.unit_name(o.unit_id) + ')' for o in others)}; "
            "samordna med dem."
            if others
            else ""
        )
        findings.append(
            Finding(
                dedupe_key=finding_key(record, check),
                kind=OBLIGATION,
                title=title(
                    facts,
                    check.title,
                    f"Informera {whom} om {register.singular} {{record}}",
                    record,
                    notify=whom,
                    body=whom,
                ),
                explanation=explain(
                    facts,
                    check,
                    record,
                    (
                        f"{capitalised(whom)} ska informeras om {register.singular} {record.label}. "
                        f"{when}{about}"
                    ),
                ),
                evidence_required=check.evidence_text or _evidence_required(check, facts, record),
                record=ref(record),
                responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
                due_on=due,
                satisfied=satisfied,
                evidence=evidence,
                evidence_matter_id=matter_id,
                late=late,
                record_if_satisfied=check.record_done,
            )
        )
    return findings


def _recipient(facts: Facts, name: str, record: RecordFact) -> str:
    if name in NOTIFY_GROUPS:
        return facts.terms[name]
    return body_label(facts, name, record.unit_id)


def _due(check: Check, record: RecordFact, facts: Facts) -> tuple[date | None, str]:
    before = check.param("before_field")
    if before:
        day = record[before]
        if day is None:
            return None, ""
        due = facts.due(add_days(day, -check.param("days_before")))
        label = register_of(check).fields[before].label
        return (
            due,
            f"{capitalised(label)} {iso(day)}; informera senast {iso(due)} ({check.param('days_before')} dagar före).",
        )
    after = check.param("after_field")
    day = record[after]
    days = check.param("within_days")
    label = register_of(check).fields[after].label
    if day is None:
        return (
            None,
            f"Informationen lämnas inom {days} dagar från {label}, som ännu inte är ifyllt.",
        )
    due = facts.due(add_days(day, days))
    return due, f"{capitalised(label)} {iso(day)}; informera inom {days} dagar ({iso(due)})."


def _done(
    check: Check, facts: Facts, record: RecordFact, due: date | None
) -> tuple[bool, str, int | None, bool]:
    done_field = check.param("done_field")
    if done_field and record[done_field]:
        day = record[done_field]
        late = bool(due and day > due)
        text = f"{capitalised(register_of(check).fields[done_field].label)} {iso(day)}"
        if late:
            text += f" – {(day - due).days} dagar för sent (senast {iso(due)})"
        return True, text, None, late
    evidence = check.param("done_by_matter")
    if evidence is not None:
        allowed = allowed_unit_ids(facts, evidence.to, record.unit_id) if evidence.to else None
        for matter in facts.matters_about(record.register, record.id):
            if evidence.kinds and matter["kind"] not in evidence.kinds:
                continue
            if matter["outcome"] == WITHDRAWN:
                continue
            if allowed is not None and matter.link("body") not in allowed:
                continue
            kind = "Informationsärende" if matter["kind"] == "information_matter" else "Ärende"
            text = f"{kind}: {matter.label}, till {facts.unit_name(matter.link('body'))}"
            return True, text, matter.id, False
    return False, "", None, False


def _evidence_required(check: Check, facts: Facts, record: RecordFact) -> str:
    if check.param("done_field"):
        label = register_of(check).fields[check.param("done_field")].label
        return f"Datum i posten: {label}."
    evidence = check.param("done_by_matter")
    if evidence is not None:
        to = join_sv((body_label(facts, b, record.unit_id) for b in evidence.to), "eller")
        return "Ett ärende som gäller posten" + (f", med {to} som mottagare" if to else "") + "."
    return "När och hur informationen lämnades (t.ex. e-post eller möte, datum)."


def _coordination(check: Check, records: list[RecordFact]) -> dict[int, list[RecordFact]]:
    """Records whose `coordinate_on` value another unit's record shares."""
    field = check.param("coordinate_on")
    if not field:
        return {}
    by_value: dict[object, list[RecordFact]] = defaultdict(list)
    for record in records:
        if record[field] not in (None, ""):
            by_value[record[field]].append(record)
    partners: dict[int, list[RecordFact]] = {}
    for group in by_value.values():
        for record in group:
            others = [o for o in group if o.unit_id != record.unit_id]
            if others:
                partners[record.id] = others
    return partners
