"""The registry: rule name → evaluator, what facts it needs and which records trigger it.

Every rule type in `utblick.policy.rule_types.RULE_TYPES` has an entry (a test checks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from utblick.policy.rule_types import RULE_TYPES, validate_params

from . import facts as f
from .facts import Facts
from .findings import Finding
from .rules import applications, calendar, memberships, organisation, partnerships, visits

Evaluator = Callable[[dict, Facts], list[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    evaluate: Evaluator
    # Facts the rule reads (units are always there).
    needs: frozenset[str]
    # Records whose writes re-evaluate the rule (model labels).
    triggers: frozenset[str]


def _rule(name, evaluate, needs, triggers) -> Rule:
    return Rule(name, evaluate, frozenset(needs), frozenset(triggers))


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        _rule(
            "application_inform_office",
            applications.application_inform_office,
            {f.APPLICATIONS},
            {f.APPLICATION},
        ),
        _rule(
            "application_budget_information_matter",
            applications.application_budget_information_matter,
            {f.APPLICATIONS, f.MATTERS},
            {f.APPLICATION, f.MATTER},
        ),
        _rule(
            "application_alignment_confirmation",
            applications.application_alignment_confirmation,
            {f.APPLICATIONS, f.MATTERS},
            {f.APPLICATION, f.MATTER},
        ),
        _rule(
            "membership_decision_body",
            memberships.membership_decision_body,
            {f.MEMBERSHIPS},
            {f.MEMBERSHIP},
        ),
        _rule(
            "membership_review_interval",
            memberships.membership_review_interval,
            {f.MEMBERSHIPS},
            {f.MEMBERSHIP},
        ),
        _rule(
            "no_new_twin_towns",
            partnerships.no_new_twin_towns,
            {f.PARTNERSHIPS, f.MATTERS},
            {f.PARTNERSHIP, f.MATTER},
        ),
        _rule(
            "agreement_limits",
            partnerships.agreement_limits,
            {f.PARTNERSHIPS, f.MATTERS},
            {f.PARTNERSHIP, f.MATTER},
        ),
        _rule(
            "decision_required",
            partnerships.decision_required,
            {f.PARTNERSHIPS, f.MEMBERSHIPS, f.MATTERS, f.AGREEMENT_CHANGES},
            {f.PARTNERSHIP, f.MEMBERSHIP, f.MATTER},
        ),
        _rule(
            "visit_representation",
            visits.visit_representation,
            {f.VISITS},
            {f.VISIT},
        ),
        _rule(
            "twin_town_visit_notice",
            visits.twin_town_visit_notice,
            {f.VISITS, f.PARTNERSHIPS},
            {f.VISIT, f.PARTNERSHIP},
        ),
        _rule(
            "support_legal_ground",
            partnerships.support_legal_ground,
            {f.PARTNERSHIPS},
            {f.PARTNERSHIP},
        ),
        _rule(
            "reporting_obligation",
            calendar.reporting_obligation,
            {f.REPORTING_PERIODS},
            {f.UNIT},
        ),
        _rule(
            "document_validity",
            calendar.document_validity,
            {f.DOCUMENT_FACTS},
            set(),
        ),
        _rule(
            "project_closure_lessons",
            applications.project_closure_lessons,
            {f.APPLICATIONS},
            {f.APPLICATION},
        ),
        _rule(
            "contact_person_per_unit",
            organisation.contact_person_per_unit,
            {f.CONTACT_PERSONS},
            {f.UNIT, f.CONTACT_PERSON},
        ),
    )
}


@dataclass(frozen=True)
class RoutineSpec:
    """A routine as the engine sees it (from a Routine row or a parsed profile)."""

    key: str
    rule: str
    params: dict
    requirement: str = ""
    description: str = ""


class RoutineParamsInvalid(ValueError):
    pass


def full_params(routine: RoutineSpec) -> dict:
    """The routine's params checked against the catalogue, defaults filled in."""
    params, errors = validate_params(routine.rule, dict(routine.params))
    if errors:
        detail = "; ".join(f"{key or routine.rule}: {message}" for key, message in errors)
        raise RoutineParamsInvalid(f"rutin {routine.key}: {detail}")
    return params


def evaluate_routine(routine: RoutineSpec, facts: Facts) -> list[Finding]:
    """The findings of one routine, keyed and explained for that routine.

    Keys become "<routine key>:<rule's key>"; the explanation ends with the requirement and
    the routine's own description. A key the rule returns twice is kept once (the first).
    """
    rule = RULES[routine.rule]
    params = full_params(routine)
    why = routine.description.strip()
    if routine.requirement:
        why = f"Krav {routine.requirement}" + (f": {why}" if why else ".")
    seen: set[str] = set()
    findings = []
    for finding in rule.evaluate(params, facts):
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
            )
        )
    return findings


def missing_rules() -> list[str]:
    """Rule types in the catalogue without an evaluator (should be none)."""
    return [name for name in RULE_TYPES if name not in RULES]
