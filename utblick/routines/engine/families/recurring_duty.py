"""recurring_duty: something falls due again and again for each matching record.

Cadences (exactly one):
- `every_months = N`: rolling — due N months after it was last done (`done_field`, or the
  latest linked `evidence`, or the record's start), or on `next_field` if earlier;
- `every = "year" | "term_of_office"`: fixed cycles ending 31 December or 14 October of an
  election year; done when the evidence (`count` distinct days) or `done_field` falls in
  the cycle, or by hand;
- `periods = [...]`: each period of the reporting calendar, for each matching unit;
- `due_field`: once, on a date of the record (a document's validity or review date).

A duty appears `lead_days` (or `lead_months`) before it falls due. Each cycle is its own
obligation (its key carries the cycle), one series per record, so that doing it closes the
open one. A cycle that fell due before tracking began is not raised.
"""

from __future__ import annotations

from datetime import date

from utblick.policy.families import Check
from utblick.policy.vocabulary import holds, registers

from ..dates import add_days, add_months, iso, month_day, previous_term_of_office, term_of_office
from ..facts import Facts, RecordFact, ReportingPeriodFact
from ..findings import OBLIGATION, Finding
from .common import (
    LEAD_DAYS,
    body_label,
    capitalised,
    explain,
    finding_key,
    lowered,
    matching,
    ref,
    register_of,
    responsible_unit,
    title,
)

# How far back an unreported period is still raised (the next one supersedes it).
REPORTING_LOOKBACK_DAYS = 365


def evaluate(check: Check, facts: Facts) -> list[Finding]:
    if check.param("periods"):
        return _periods(check, facts)
    findings = []
    for record in matching(facts, check):
        if check.param("every_months"):
            found = _rolling(check, facts, record)
        elif check.param("every"):
            found = _cycles(check, facts, record)
        else:
            found = _once(check, facts, record)
        findings += found
    return findings


def _raised_from(check: Check, due: date) -> date:
    months = check.param("lead_months")
    if months is not None:
        return add_months(due, -months)
    return add_days(due, -check.param("lead_days"))


def _evidence_days(check: Check, facts: Facts, record: RecordFact) -> list[date]:
    """The days linked evidence records happened, up to today (distinct, oldest first)."""
    evidence = check.param("evidence")
    if evidence is None:
        return []
    target = registers()[evidence.register]
    if evidence.link == "unit" and record.register == "units":
        linked = [r for r in facts.of(evidence.register) if r.unit_id == record.id]
    else:
        linked = facts.linked(evidence.register, evidence.link, record.id)
    days = {
        r[target.event_on]
        for r in linked
        if r[target.event_on] is not None
        and r[target.event_on] <= facts.today
        and holds(evidence.when, r.values, facts.today)
    }
    return sorted(days)


def _explain_evidence(check: Check) -> str:
    evidence = check.param("evidence")
    if evidence is None:
        return ""
    register = registers()[evidence.register]
    many = f"minst {evidence.count} " if evidence.count > 1 else ""
    return f" Det visas av {many}registrerade {register.label}."


def _rolling(check: Check, facts: Facts, record: RecordFact) -> list[Finding]:
    months = check.param("every_months")
    done_field, next_field = check.param("done_field"), check.param("next_field")
    last = record[done_field] if done_field else None
    days = _evidence_days(check, facts, record)
    if days and (last is None or days[-1] > last):
        last = days[-1]
    base = last or record[check.param("base_field") or registers()[record.register].begins_on]
    candidates = [record[next_field]] if next_field and record[next_field] else []
    if base:
        candidates.append(add_months(base, months))
    if not candidates:
        return []
    due = min(candidates)
    since = f"Senast {iso(last)}." if last else f"Inte gjort sedan starten {iso(base)}."
    return [
        Finding(
            dedupe_key=finding_key(record, check) + f"@{due.isoformat()}",
            series=finding_key(record, check),
            kind=OBLIGATION,
            title=title(
                facts, check.title, "Återkommande uppgift för {record}", record, due=iso(due)
            ),
            explanation=explain(
                facts,
                check,
                record,
                (
                    f"Återkommer var {months}:e månad för {register_of(check).singular} "
                    f"{record.label}. {since} Nästa gång senast {iso(due)}."
                    + _explain_evidence(check)
                ),
            ),
            evidence_required=check.evidence_text or _evidence_required(check),
            record=ref(record),
            responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
            due_on=due,
            satisfied=facts.today < _raised_from(check, due),
            evidence=(
                f"Gjort {iso(last)}; nästa gång {iso(due)}" if last else f"Nästa gång {iso(due)}"
            ),
            record_if_satisfied=check.record_done,
        )
    ]


def _evidence_required(check: Check) -> str:
    parts = []
    if check.param("done_field"):
        register = register_of(check)
        parts.append(f"datumet ”{register.fields[check.param('done_field')].label}” i posten")
    if check.param("evidence"):
        parts.append(f"registrerade {registers()[check.param('evidence').register].label}")
    parts.append("eller en notering om när det gjordes")
    return capitalised(", ".join(parts)) + "."


def _cycle_list(check: Check, facts: Facts) -> list[tuple[str, str, date, date]]:
    """(key, wording, first day, last day) for the previous and the current cycle."""
    today = facts.today
    if check.param("every") == "term_of_office":
        return [
            (
                f"term:{first.year}-{last.year}",
                f"under mandatperioden {first.year}–{last.year}",
                first,
                last,
            )
            for first, last in (previous_term_of_office(today), term_of_office(today))
        ]
    return [
        (f"year:{year}", f"för {year}", date(year, 1, 1), date(year, 12, 31))
        for year in (today.year - 1, today.year)
    ]


def _cycles(check: Check, facts: Facts, record: RecordFact) -> list[Finding]:
    evidence = check.param("evidence")
    needed = evidence.count if evidence else 1
    days = _evidence_days(check, facts, record)
    done_field = check.param("done_field")
    began = record[registers()[record.register].begins_on]
    cycles = _cycle_list(check, facts)
    findings = []
    for key, when, first, due in cycles:
        if key != cycles[-1][0]:
            # The previous cycle: only if it fell due after tracking began, while the record was.
            if facts.tracking_since is None or due < facts.tracking_since:
                continue
            if began and began > due:
                continue
        if facts.today < _raised_from(check, due):
            continue
        in_cycle = [d for d in days if first <= d <= due]
        done_on = record[done_field] if done_field else None
        satisfied = len(in_cycle) >= needed or bool(done_on and first <= done_on <= due)
        cadence = "varje mandatperiod" if check.param("every") == "term_of_office" else "varje år"
        count_text = f" Minst {needed} gånger; hittills {len(in_cycle)}." if needed > 1 else ""
        findings.append(
            Finding(
                dedupe_key=finding_key(record, check, key),
                kind=OBLIGATION,
                title=title(
                    facts,
                    check.title,
                    "Återkommande uppgift {term}: {record}",
                    record,
                    term=when,
                    due=iso(due),
                ),
                explanation=explain(
                    facts,
                    check,
                    record,
                    (
                        f"{capitalised(register_of(check).singular)} {record.label}: återkommer "
                        f"{cadence}, senast {iso(due)}.{count_text}" + _explain_evidence(check)
                    ),
                ),
                evidence_required=check.evidence_text or _evidence_required(check),
                record=ref(record),
                responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
                due_on=due,
                satisfied=satisfied,
                evidence=f"Gjort {len(in_cycle)} gånger {when}"
                if satisfied and in_cycle
                else (f"Gjort {iso(done_on)}" if satisfied else ""),
                record_if_satisfied=True,
            )
        )
    return findings


def _once(check: Check, facts: Facts, record: RecordFact) -> list[Finding]:
    field = check.param("due_field")
    due = record[field]
    if due is None:
        return []
    label = register_of(check).fields[field].label
    starts = _raised_from(check, due)
    return [
        Finding(
            dedupe_key=finding_key(record, check) + f"@{due.isoformat()}",
            series=finding_key(record, check),
            kind=OBLIGATION,
            title=title(
                facts, check.title, "Förbered {record} inför " + label, record, due=iso(due)
            ),
            explanation=explain(
                facts,
                check,
                record,
                (
                    f"{capitalised(register_of(check).singular)} {record.label}: {label} är "
                    f"{iso(due)}; arbetet påbörjas {iso(starts)}."
                ),
            ),
            evidence_required=check.evidence_text
            or "En notering om vad som gjorts (datum, diarienummer).",
            record=ref(record),
            responsible_unit_id=responsible_unit(facts, check, record, record.unit_id),
            due_on=due,
            satisfied=facts.today < starts,
            evidence=f"{capitalised(label)} {iso(due)}",
            record_if_satisfied=check.record_done,
        )
    ]


# --- the reporting calendar ----------------------------------------------------------------


def period_dates(period: ReportingPeriodFact, year: int) -> tuple[date, date, date]:
    """(start, end, due) of the period that starts in `year`.

    A period whose end comes before its start in the calendar wraps the new year; a due day
    before the period's end is in the following year (the annual report for 2025 is due
    02-28 2026), as docs/policy-profiles.md defines.
    """
    start = month_day(year, period.period_start)
    end_year = year if period.period_end >= period.period_start else year + 1
    end = month_day(end_year, period.period_end)
    due_year = end_year if period.due >= period.period_end else end_year + 1
    return start, end, month_day(due_year, period.due)


def _periods(check: Check, facts: Facts) -> list[Finding]:
    """Each matching unit reports for each listed period of the reporting calendar.

    A period instance is raised from `lead_days` before it is due and stays raised for a
    year after (then the next one supersedes it). The year in the title is the year the
    period starts (the annual report due in February 2027 is "2026").
    """
    periods = {p.key: p for p in facts.reporting_periods}
    horizon = add_days(facts.today, check.param("lead_days") or LEAD_DAYS)
    earliest = add_days(facts.today, -REPORTING_LOOKBACK_DAYS)
    reporters = matching(facts, check)
    findings = []
    for key in check.param("periods"):
        period = periods.get(key)
        if period is None:
            continue
        for year in range(facts.today.year - 2, facts.today.year + 2):
            start, end, due = period_dates(period, year)
            if not (earliest < due <= horizon):
                continue
            if facts.tracking_since and due < facts.tracking_since:
                continue
            for unit in reporters:
                handed_in = facts.handed_in.get((unit.id, period.key, year))
                findings.append(
                    Finding(
                        dedupe_key=f"report:{period.key}:{year}:{unit.key}",
                        kind=OBLIGATION,
                        title=title(
                            facts,
                            check.title,
                            "Rapportera {period} {year}",
                            unit,
                            period=lowered(period.name),
                            year=year,
                        ),
                        explanation=explain(
                            facts,
                            check,
                            unit,
                            (
                                f"{unit.label} rapporterar {lowered(period.name)} för perioden "
                                f"{iso(start)}–{iso(end)} till {body_label(facts, period.recipient)} "
                                f"senast {iso(due)}."
                            ),
                        ),
                        evidence_required=check.evidence_text
                        or (
                            "När och var rapporten lämnades (t.ex. diarienummer eller sammanträde)."
                        ),
                        record=ref(unit),
                        responsible_unit_id=responsible_unit(facts, check, unit, unit.id),
                        due_on=due,
                        # The unit's report of the period in Utblick answers it.
                        satisfied=handed_in is not None,
                        evidence=(
                            f"Rapporten lämnades in i Utblick {iso(handed_in)}" if handed_in else ""
                        ),
                        record_if_satisfied=True,
                    )
                )
    return findings
