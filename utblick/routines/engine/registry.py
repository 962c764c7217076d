"""Evaluating a routine: its checks, one family each, keyed and explained for the routine."""

from __future__ import annotations

from dataclasses import dataclass, replace

from utblick.policy.families import Check
from utblick.policy.vocabulary import register_by_model, registers

from .facts import Facts, RecordFact
from .families import EVALUATORS
from .findings import Finding

# What a routine reads besides the records of its own registers.
CHANGES = "changes"
REPORTING_PERIODS = "reporting_periods"
# Families whose findings are always today's work: a recurring duty raises only the cycles
# that fall due after tracking began, however old its record.
CURRENT_WORK_FAMILIES = frozenset({"recurring_duty"})


@dataclass(frozen=True)
class RoutineSpec:
    """A routine as the engine sees it (from a Routine row or a parsed profile)."""

    key: str
    checks: tuple[Check, ...]
    requirement: str = ""
    description: str = ""


def needs(check: Check) -> set[str]:
    """The registers (and other facts) a check reads."""
    found = {check.register}
    if check.family in ("decision_route", "limit", "notification"):
        found.add("matters")  # decisions and information matters about the records
    evidence = check.param("evidence")
    if evidence is not None:
        found.add(evidence.register)
    if check.param("on_change_of"):
        found.add(CHANGES)
    if check.param("periods"):
        found.add(REPORTING_PERIODS)
    return found


def routine_needs(routine: RoutineSpec) -> set[str]:
    return set().union(*(needs(check) for check in routine.checks)) if routine.checks else set()


def triggers(routine: RoutineSpec) -> set[str]:
    """Model labels whose writes re-evaluate the routine."""
    return {registers()[name].model for name in routine_needs(routine) if name in registers()}


def evaluate_routine(routine: RoutineSpec, facts: Facts) -> list[Finding]:
    """The findings of one routine, keyed and explained for that routine.

    Keys become "<routine key>:<check's key>"; the explanation ends with the requirement and
    the routine's own words. A key two checks return is kept once (the first). Due dates
    fall on working days; a finding about a record that happened before tracking began is
    marked as such (the backlog).
    """
    why = routine.description.strip()
    if routine.requirement:
        why = f"Krav {routine.requirement}" + (f": {why}" if why else ".")
    seen: set[str] = set()
    findings = []
    for check in routine.checks:
        for finding in EVALUATORS[check.family](check, facts):
            key = f"{routine.key}:{finding.dedupe_key}"
            if key in seen:
                continue
            seen.add(key)
            findings.append(
                replace(
                    finding,
                    dedupe_key=key,
                    series=f"{routine.key}:{finding.series}" if finding.series else "",
                    requirement=routine.requirement,
                    routine_key=routine.key,
                    explanation=f"{finding.explanation}\n\n{why}" if why else finding.explanation,
                    due_on=facts.due(finding.due_on),
                    before_tracking=check.family not in CURRENT_WORK_FAMILIES
                    and facts.occurred_before_tracking(_record_of(facts, finding)),
                )
            )
    return findings


def _record_of(facts: Facts, finding: Finding) -> RecordFact | None:
    if finding.record is None:
        return None
    register = register_by_model(finding.record.model)
    return facts.record(register.name, finding.record.id) if register else None
