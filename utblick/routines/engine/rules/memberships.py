"""Rules about network memberships (L2, M2, F4)."""

from __future__ import annotations

from ..dates import add_days, add_months, iso
from ..facts import MEMBERSHIP, Facts, MembershipFact
from ..findings import CONFLICT, OBLIGATION, Finding, RecordRef
from .common import LEAD_DAYS, describe_body, join_sv, units_for_body

ACTIVE = "active"
PROPOSED = "proposed"
MUNICIPALITY_WIDE = "municipality_wide"

AGAINST_LABELS = {
    "municipality_goals": "kommunens mål",
    "committee_goals": "nämndens mål",
    "operational_relevance": "relevans för verksamhetens inriktning",
}


def _ref(membership: MembershipFact) -> RecordRef:
    return RecordRef(MEMBERSHIP, membership.id, membership.organisation)


def _in_force(membership: MembershipFact) -> bool:
    return not membership.archived and membership.status in (ACTIVE, PROPOSED)


def membership_decision_body(params: dict, facts: Facts) -> list[Finding]:
    """A membership is decided by the right body.

    Municipality-wide → a unit of kind `municipality_wide`; within one unit → `single_unit`
    (owning_unit = the nearest committee or company board at or above the membership's
    unit). With allow_executive_board_for_all the executive board is right for every
    membership too (Falun: KS holds all memberships). An active membership without a
    decision by the right body is a policy conflict; a proposed one has the decision as an
    obligation.
    """
    findings = []
    for membership in facts.memberships:
        if not _in_force(membership):
            continue
        wide = membership.scope == MUNICIPALITY_WIDE
        body = params["municipality_wide"] if wide else params["single_unit"]
        allowed = {u.id for u in units_for_body(facts, body, membership.unit_id)}
        right = [describe_body(facts, body, membership.unit_id)]
        if params["allow_executive_board_for_all"]:
            allowed |= {u.id for u in facts.units_of_kind("executive_board")}
            if "kommunstyrelsen" not in right:
                right.append("kommunstyrelsen")
        should = join_sv(dict.fromkeys(right))
        scope_text = (
            "Medlemskapet är kommunövergripande"
            if wide
            else f"Medlemskapet gäller en verksamhet ({facts.unit_name(membership.unit_id)})"
        )
        satisfied = membership.decided_by_id in allowed
        if membership.decided_by_id is None:
            state = "Inget beslut är registrerat."
        elif satisfied:
            state = f"Beslutat av {facts.unit_name(membership.decided_by_id)}."
        else:
            state = (
                f"Det är beslutat av {facts.unit_name(membership.decided_by_id)}, "
                "som inte är rätt organ."
            )
        proposed = membership.status == PROPOSED
        findings.append(
            Finding(
                dedupe_key=f"membership:{membership.id}",
                kind=OBLIGATION if proposed else CONFLICT,
                title=(
                    f"Medlemskapet i {membership.organisation} ska beslutas av {should}"
                    if proposed
                    else f"Medlemskapet i {membership.organisation} saknar beslut av rätt organ"
                ),
                explanation=f"{scope_text} och beslutas av {should}. {state}",
                evidence_required=(
                    f"Beslutande organ ({should}) och beslutsdatum ifyllda i medlemskapet."
                ),
                record=_ref(membership),
                responsible_unit_id=(
                    (facts.office_unit_id or membership.unit_id) if wide else membership.unit_id
                ),
                due_on=None
                if proposed
                else facts.not_before(membership.started_on or membership.created_on),
                satisfied=satisfied,
                evidence=(
                    f"Beslutat av {facts.unit_name(membership.decided_by_id)} "
                    f"{iso(membership.decided_on)}"
                    if satisfied
                    else ""
                ),
                record_if_satisfied=False,
            )
        )
    return findings


def membership_review_interval(params: dict, facts: Facts) -> list[Finding]:
    """Active memberships are reviewed against the goals every `months` months.

    The review falls due `months` after the last review (or the start, or the registration),
    or on next_review_on if that is earlier. The obligation appears 60 days before it falls
    due. Each review cycle is its own obligation (key per due date, one series per
    membership): recording a review closes the open one as done.
    """
    months = params["months"]
    against = join_sv(AGAINST_LABELS.get(a, a) for a in params["against"])
    horizon = add_days(facts.today, LEAD_DAYS)
    findings = []
    for membership in facts.memberships:
        if membership.archived or membership.status != ACTIVE:
            continue
        base = membership.last_reviewed_on or membership.started_on or membership.created_on
        candidates = [d for d in (membership.next_review_on,) if d]
        if base:
            candidates.append(add_months(base, months))
        if not candidates:
            continue
        due = min(candidates)
        since = (
            f"Senast prövat {iso(membership.last_reviewed_on)}."
            if membership.last_reviewed_on
            else f"Inte prövat sedan starten {iso(base)}."
        )
        findings.append(
            Finding(
                dedupe_key=f"membership:{membership.id}@{due.isoformat()}",
                series=f"membership:{membership.id}",
                kind=OBLIGATION,
                title=f"Pröva medlemskapet i {membership.organisation} mot målen",
                explanation=(
                    f"Medlemskap prövas med jämna mellanrum (var {months}:e månad) mot "
                    f"{against}. {since} Nästa prövning senast {iso(due)}."
                ),
                evidence_required=(
                    "Datum för prövningen (senast prövad) och en kort notering om prövningen "
                    "mot målen i medlemskapet."
                ),
                record=_ref(membership),
                responsible_unit_id=membership.unit_id,
                due_on=due,
                satisfied=due > horizon,
                evidence=(
                    f"Prövat {iso(membership.last_reviewed_on)}; nästa prövning {iso(due)}"
                    if membership.last_reviewed_on
                    else f"Nästa prövning {iso(due)}"
                ),
                record_if_satisfied=False,
            )
        )
    return findings
