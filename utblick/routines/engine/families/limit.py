"""limit: at most `max_count` matching records (or at most `max_sum` of a field) in force at
the same time, or per year.

Records are counted oldest first (`order_field`, the record's start by default); each one
beyond the limit is a policy conflict. Where the profile names `override_by`, an approved
decision of that body lets the record go ahead; without it the limit is a prohibition that
only ending the record (or a reasoned waiver) resolves. `max_count = 0` is "none at all".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from utblick.core.numbers import format_money
from utblick.policy.families import Check
from utblick.policy.vocabulary import Register

from ..facts import Facts, RecordFact
from ..findings import CONFLICT, Finding
from .common import (
    allowed_unit_ids,
    begins_on,
    bodies_label,
    capitalised,
    decision_for,
    explain,
    field_label,
    finding_key,
    matching,
    ref,
    register_of,
    responsible_unit,
    title,
)


def _year(record: RecordFact, field: str) -> int | None:
    value = record[field]
    if isinstance(value, date):
        return value.year
    return value if isinstance(value, int) else None


def evaluate(check: Check, facts: Facts) -> list[Finding]:
    register = register_of(check)
    order_field = check.param("order_field")
    counted = matching(facts, check, in_force=True)
    groups: dict[int | None, list[RecordFact]] = defaultdict(list)
    if check.param("per") == "year":
        for record in counted:
            groups[_year(record, check.param("year_field"))].append(record)
    else:
        groups[None] = counted
    findings = []
    for year, records in groups.items():
        records.sort(
            key=lambda r: ((r[order_field] if order_field else begins_on(r)) or date.min, r.id)
        )
        findings += _beyond(check, facts, register, year, records)
    return findings


def _beyond(
    check: Check, facts: Facts, register: Register, year: int | None, records: list[RecordFact]
) -> list[Finding]:
    max_count, max_sum = check.param("max_count"), check.param("max_sum")
    sum_field = check.param("sum_field")
    over: list[tuple[int, RecordFact, str]] = []
    if max_count is not None:
        for position, record in enumerate(records[max_count:], start=max_count + 1):
            over.append((position, record, f"nummer {position} av {len(records)}"))
        bound = f"högst {max_count}" if max_count else "inga"
    else:
        total = Decimal(0)
        for position, record in enumerate(records, start=1):
            total += record[sum_field] or Decimal(0)
            if total > max_sum:
                over.append((position, record, f"summan blir {format_money(total)}"))
        bound = f"högst {format_money(max_sum)} ({field_label(facts, register, sum_field)})"
    when = f" under {year}" if year is not None else " samtidigt"
    override = check.param("override_by")
    findings = []
    for _position, record, where in over:
        decision = None
        who = ""
        if override:
            who = bodies_label(facts, override, record.unit_id)
            allowed = allowed_unit_ids(facts, override, record.unit_id)
            decision = decision_for(facts, record, allowed)
        resolve = (
            f"Det kräver ett beslut av {who}."
            if override
            else "Det kan bara lösas genom att posten avslutas eller med ett motiverat undantag."
        )
        findings.append(
            Finding(
                dedupe_key=finding_key(record, check),
                kind=CONFLICT,
                title=title(
                    facts,
                    check.conflict_title or check.title,
                    f"Fler {register.label} än styrdokumentet tillåter: {{record}}",
                    record,
                    body=who,
                    bodies=who,
                ),
                done_title=title(
                    facts,
                    check.done_title,
                    f"{capitalised(register.singular)} {{record}} är beslutat trots begränsningen",
                    record,
                    body=who,
                    bodies=who,
                ),
                explanation=explain(
                    facts,
                    check,
                    record,
                    (
                        f"Styrdokumentet tillåter {bound} {register.label}{when}. "
                        f"{capitalised(register.singular)} {record.label} är {where}. {resolve}"
                    ),
                ),
                evidence_required=check.evidence_text
                or (
                    f"Ett ärende om posten som {who} har beslutat med utfallet bifall, eller att "
                    "en annan post avslutas."
                    if override
                    else "Att posten avslutas."
                ),
                record=ref(record),
                responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
                due_on=facts.not_before(begins_on(record)),
                satisfied=decision is not None,
                evidence=decision.text if decision else "",
                evidence_matter_id=decision.matter_id if decision else None,
                record_if_satisfied=check.record_done,
            )
        )
    return findings
