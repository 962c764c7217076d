"""Rules about partnerships and agreements (U1, U2, U3, F2, M2)."""

from __future__ import annotations

from datetime import date

from utblick.policy.rule_types import DECISION_SUBJECT_LABELS

from ..dates import add_days, iso
from ..facts import MEMBERSHIP, PARTNERSHIP, Facts, MembershipFact, PartnershipFact
from ..findings import CONFLICT, OBLIGATION, Finding, RecordRef
from .common import (
    COMPLETE_WITHIN_DAYS,
    approving_matter,
    body_label,
    capitalised,
    decision_evidence,
    join_sv,
    kind_label,
)

ACTIVE = "active"
PROPOSED = "proposed"
ENDED = "ended"

# decision_required: which partnership kinds each subject covers. A declaration is
# registered as kind "declaration" (the register's "Deklaration eller initiativ");
# "initiative" also covers support initiatives.
SUBJECT_KINDS: dict[str, tuple[str, ...]] = {
    "new_partner_city": ("partner_city",),
    "declaration": ("declaration",),
    "letter_of_intent": ("letter_of_intent",),
    "initiative": ("declaration", "support_initiative"),
}
# Agreements whose changes of significant character need a decision ("nuvarande
# samarbetsavtal med andra städer"); the fields whose change is significant.
AGREEMENT_KINDS = (
    "twin_town",
    "partner_city",
    "cooperation_agreement",
    "memorandum_of_understanding",
    "letter_of_intent",
)
SIGNIFICANT_FIELDS = ("scope", "ends_on")
FIELD_LABELS = {"scope": "omfattning", "ends_on": "slutdatum"}


def _ref(partnership: PartnershipFact) -> RecordRef:
    return RecordRef(PARTNERSHIP, partnership.id, partnership.title)


def _in_force(partnership: PartnershipFact, today: date | None = None) -> bool:
    if partnership.archived or partnership.status == ENDED:
        return False
    return not (today and partnership.ends_on and partnership.ends_on < today)


def _name(partnership: PartnershipFact) -> str:
    return partnership.title or partnership.counterpart


def no_new_twin_towns(params: dict, facts: Facts) -> list[Finding]:
    """A partnership of the listed kinds that began on or after `since` is a policy conflict
    until a body of kind `decision_body` has approved it in a recorded decision (a matter
    about the partnership, or the partnership's own decision)."""
    since = date.fromisoformat(params["since"]) if params["since"] else None
    kinds = set(params["kinds"])
    body = params["decision_body"]
    findings = []
    for partnership in facts.partnerships:
        if partnership.kind not in kinds or not _in_force(partnership):
            continue
        began = partnership.begins_on
        if since and began and began < since:
            continue
        matter = approving_matter(
            facts, "partnership", partnership.id, (body,), also_ids=(partnership.decision_id,)
        )
        principle = (
            f"Kommunen tecknar som princip inga nya avtal av typen {kind_label(partnership.kind)}"
            + (f" (sedan {iso(since)})" if since else "")
            + "."
        )
        findings.append(
            Finding(
                dedupe_key=f"partnership:{partnership.id}",
                kind=CONFLICT,
                title=(
                    f"Ny {kind_label(partnership.kind)} ({_name(partnership)}) strider mot "
                    f"principen – kräver beslut av {body_label(body)}"
                ),
                explanation=(
                    f"{principle} {capitalised(_name(partnership))} registrerades med start "
                    f"{iso(began)}. För att gå vidare krävs ett registrerat beslut av "
                    f"{body_label(body)}."
                ),
                evidence_required=(
                    f"Ett ärende om partnerskapet som {body_label(body)} har beslutat med "
                    "utfallet bifall."
                ),
                record=_ref(partnership),
                responsible_unit_id=partnership.unit_id,
                due_on=facts.not_before(began),
                satisfied=matter is not None,
                evidence=decision_evidence(facts, matter) if matter else "",
                evidence_matter_id=matter.id if matter else None,
            )
        )
    return findings


def agreement_limits(params: dict, facts: Facts) -> list[Finding]:
    """Agreements of the listed kinds: complete (end date, scope, stated benefit) and no more
    in force than `max_active` (0 = no limit).

    An incomplete agreement is an obligation to complete it within 30 days of registration.
    Counting agreements in force (proposed or active, not ended) oldest first, each one
    beyond the limit is a policy conflict until `decision_body` has approved it.
    """
    kinds = set(params["kinds"])
    body = params["decision_body"]
    limit = params["max_active"]
    findings = []
    in_force = []
    for partnership in facts.partnerships:
        if partnership.kind not in kinds or not _in_force(partnership):
            continue
        if _in_force(partnership, facts.today):
            in_force.append(partnership)
        missing = []
        if params["require_end_date"] and not partnership.ends_on:
            missing.append("slutdatum")
        if params["require_scope"] and not partnership.scope.strip():
            missing.append("omfattning")
        if params["require_benefit"] and not partnership.stated_benefit.strip():
            missing.append("angiven nytta för kommunen")
        wanted = [
            label
            for flag, label in (
                ("require_end_date", "slutdatum"),
                ("require_scope", "omfattning"),
                ("require_benefit", "nytta för kommunen"),
            )
            if params[flag]
        ]
        if not wanted:
            continue
        registered = partnership.created_on or facts.today
        findings.append(
            Finding(
                dedupe_key=f"partnership:{partnership.id}:complete",
                kind=OBLIGATION,
                title=f"Komplettera avtalet {_name(partnership)}",
                explanation=(
                    "Samarbetsavtal begränsas i antal, verksamhet och tid, och nyttan för "
                    f"kommunen ska vara avgörande. Ett avtal ska ange {join_sv(wanted)}. "
                    + (f"Saknas: {join_sv(missing)}." if missing else "Avtalet är komplett.")
                ),
                evidence_required=f"Ifyllda fält i avtalet: {join_sv(wanted)}.",
                record=_ref(partnership),
                responsible_unit_id=partnership.unit_id,
                due_on=add_days(registered, COMPLETE_WITHIN_DAYS),
                satisfied=not missing,
                evidence="Avtalet anger " + join_sv(wanted) if not missing else "",
                record_if_satisfied=False,
            )
        )
    if limit > 0 and len(in_force) > limit:
        in_force.sort(key=lambda p: (p.begins_on or date.min, p.id))
        for position, partnership in enumerate(in_force[limit:], start=limit + 1):
            matter = approving_matter(
                facts, "partnership", partnership.id, (body,), also_ids=(partnership.decision_id,)
            )
            findings.append(
                Finding(
                    dedupe_key=f"partnership:{partnership.id}:limit",
                    kind=CONFLICT,
                    title=f"Fler samarbetsavtal än policyn tillåter: {_name(partnership)}",
                    explanation=(
                        f"Policyn begränsar antalet samarbetsavtal till högst {limit} samtidigt. "
                        f"{capitalised(_name(partnership))} är avtal nummer {position} av "
                        f"{len(in_force)} som gäller; det kräver ett beslut av "
                        f"{body_label(body)}."
                    ),
                    evidence_required=(
                        f"Ett ärende om avtalet som {body_label(body)} har beslutat med utfallet "
                        "bifall, eller att ett annat avtal avslutas."
                    ),
                    record=_ref(partnership),
                    responsible_unit_id=partnership.unit_id,
                    due_on=facts.not_before(partnership.begins_on),
                    satisfied=matter is not None,
                    evidence=decision_evidence(facts, matter) if matter else "",
                    evidence_matter_id=matter.id if matter else None,
                )
            )
    return findings


def _membership_decided_by(facts: Facts, membership: MembershipFact, body: str) -> str:
    """Evidence that `body` decided the membership (its own decision fields or a matter)."""
    if membership.decided_by_id and facts.unit_kind(membership.decided_by_id) == body:
        return (
            f"Beslutat av {facts.unit_name(membership.decided_by_id)} {iso(membership.decided_on)}"
        )
    matter = approving_matter(facts, "membership", membership.id, (body,))
    return decision_evidence(facts, matter) if matter else ""


def decision_required(params: dict, facts: Facts) -> list[Finding]:
    """Records of the listed subjects need a recorded decision by `body`.

    Partnerships (new partner cities, declarations, letters of intent, initiatives) and
    municipality-wide memberships: an obligation while proposed, a policy conflict once
    active without the decision. Political representation: a municipality-wide membership
    with elected representatives needs a representation decision about it. Significant
    agreement changes: a change of an agreement's scope or end date while it was active
    (read from the audit trail) needs a decision taken after the previous terms.
    """
    subjects = params["subjects"]
    body = params["body"]
    who = body_label(body)
    findings = []

    covered: dict[str, list[str]] = {}
    for subject in subjects:
        for kind in SUBJECT_KINDS.get(subject, ()):
            covered.setdefault(kind, []).append(DECISION_SUBJECT_LABELS[subject])
    for partnership in facts.partnerships:
        if partnership.kind not in covered or not _in_force(partnership):
            continue
        matter = approving_matter(
            facts, "partnership", partnership.id, (body,), also_ids=(partnership.decision_id,)
        )
        proposed = partnership.status == PROPOSED
        what = join_sv(dict.fromkeys(covered[partnership.kind]))
        findings.append(
            Finding(
                dedupe_key=f"partnership:{partnership.id}",
                kind=OBLIGATION if proposed else CONFLICT,
                title=(
                    f"{capitalised(who)} ska besluta om {_name(partnership)}"
                    if proposed
                    else f"{capitalised(_name(partnership))} saknar beslut av {who}"
                ),
                explanation=(
                    f"{capitalised(who)} beslutar om {what}. "
                    f"{capitalised(_name(partnership))} ({kind_label(partnership.kind)}) "
                    + ("har status ”föreslagen”" if proposed else "har status ”aktiv”")
                    + (
                        " och beslutet finns."
                        if matter
                        else f" utan ett registrerat beslut av {who}."
                    )
                ),
                evidence_required=f"Ett ärende om partnerskapet som {who} har beslutat (bifall).",
                record=_ref(partnership),
                responsible_unit_id=partnership.unit_id,
                due_on=None if proposed else facts.not_before(partnership.begins_on),
                satisfied=matter is not None,
                evidence=decision_evidence(facts, matter) if matter else "",
                evidence_matter_id=matter.id if matter else None,
            )
        )

    if "municipality_wide_membership" in subjects or "political_representation" in subjects:
        for membership in facts.memberships:
            if membership.archived or membership.status not in (ACTIVE, PROPOSED):
                continue
            if membership.scope != "municipality_wide":
                continue
            ref = RecordRef(MEMBERSHIP, membership.id, membership.organisation)
            proposed = membership.status == PROPOSED
            if "municipality_wide_membership" in subjects:
                evidence = _membership_decided_by(facts, membership, body)
                findings.append(
                    Finding(
                        dedupe_key=f"membership:{membership.id}",
                        kind=OBLIGATION if proposed else CONFLICT,
                        title=(
                            f"{capitalised(who)} ska besluta om medlemskapet i "
                            f"{membership.organisation}"
                            if proposed
                            else f"Medlemskapet i {membership.organisation} saknar beslut av {who}"
                        ),
                        explanation=(
                            f"{capitalised(who)} beslutar om deltagande i kommunövergripande "
                            f"organisationer och nätverk. Medlemskapet i {membership.organisation} "
                            "är kommunövergripande"
                            + (" och beslutat." if evidence else f" men saknar beslut av {who}.")
                        ),
                        evidence_required=(
                            f"{capitalised(who)} som beslutande organ i medlemskapet, eller ett "
                            f"ärende om medlemskapet som {who} har beslutat."
                        ),
                        record=ref,
                        responsible_unit_id=facts.office_unit_id or membership.unit_id,
                        due_on=None
                        if proposed
                        else facts.not_before(membership.started_on or membership.created_on),
                        satisfied=bool(evidence),
                        evidence=evidence,
                        record_if_satisfied=False,
                    )
                )
            if "political_representation" in subjects and membership.elected_representative_ids:
                matter = approving_matter(
                    facts,
                    "membership",
                    membership.id,
                    (body,),
                    matter_kinds=("representation_decision",),
                )
                findings.append(
                    Finding(
                        dedupe_key=f"membership:{membership.id}:representation",
                        kind=OBLIGATION,
                        title=(
                            f"{capitalised(who)} ska besluta vem som representerar kommunen i "
                            f"{membership.organisation}"
                        ),
                        explanation=(
                            f"{capitalised(who)} beslutar om vem som ska representera kommunen i "
                            "kommunövergripande nätverk där politisk representation krävs. "
                            f"{membership.organisation} har förtroendevalda företrädare."
                        ),
                        evidence_required=(
                            f"Ett ärende av typen beslut om representation som gäller medlemskapet, "
                            f"beslutat av {who}."
                        ),
                        record=ref,
                        responsible_unit_id=facts.office_unit_id or membership.unit_id,
                        due_on=facts.not_before(membership.started_on or membership.created_on),
                        satisfied=matter is not None,
                        evidence=decision_evidence(facts, matter) if matter else "",
                        evidence_matter_id=matter.id if matter else None,
                    )
                )

    if "significant_agreement_change" in subjects:
        for change in facts.agreement_changes:
            partnership = facts.partnership_by_id.get(change.partnership_id)
            if partnership is None or partnership.archived:
                continue
            if partnership.kind not in AGREEMENT_KINDS or change.previous_status != ACTIVE:
                continue
            matter = approving_matter(
                facts,
                "partnership",
                partnership.id,
                (body,),
                also_ids=(partnership.decision_id,),
                decided_on_or_after=change.previous_recorded_on,
            )
            fields = join_sv(FIELD_LABELS.get(f, f) for f in change.fields)
            findings.append(
                Finding(
                    dedupe_key=f"partnership:{partnership.id}:change:v{change.version}",
                    kind=CONFLICT,
                    title=f"Ändring av betydande karaktär i {_name(partnership)} kräver beslut av {who}",
                    explanation=(
                        f"{capitalised(who)} beslutar om ändringar av betydande karaktär i "
                        f"nuvarande samarbetsavtal. Avtalets {fields} ändrades "
                        f"{iso(change.changed_on)} (version {change.version})."
                    ),
                    evidence_required=(
                        f"Ett ärende om avtalet som {who} har beslutat (bifall) efter "
                        f"{iso(change.previous_recorded_on)}."
                    ),
                    record=_ref(partnership),
                    responsible_unit_id=partnership.unit_id,
                    due_on=change.changed_on,
                    satisfied=matter is not None,
                    evidence=decision_evidence(facts, matter) if matter else "",
                    evidence_matter_id=matter.id if matter else None,
                )
            )
    return findings


def support_legal_ground(params: dict, facts: Facts) -> list[Finding]:
    """Support to another country (partnerships of the listed kinds) cites its legal ground
    and, with via_memberships, goes through the municipality's network memberships."""
    kinds = set(params["kinds"])
    ground = params["default_legal_ground"]
    findings = []
    for partnership in facts.partnerships:
        if partnership.kind not in kinds or not _in_force(partnership):
            continue
        registered = partnership.created_on or facts.today
        due = add_days(registered, COMPLETE_WITHIN_DAYS)
        findings.append(
            Finding(
                dedupe_key=f"partnership:{partnership.id}:legal-ground",
                kind=OBLIGATION,
                title=f"Ange laglig grund för stödinsatsen {_name(partnership)}",
                explanation=(
                    "Kommunallagen begränsar kommunernas bistånd till andra länder; stöd ska "
                    f"ange sin lagliga grund, normalt {ground}."
                ),
                evidence_required="Laglig grund ifylld i partnerskapet.",
                record=_ref(partnership),
                responsible_unit_id=partnership.unit_id,
                due_on=due,
                satisfied=bool(partnership.legal_ground.strip()),
                evidence=f"Laglig grund: {partnership.legal_ground.strip()}",
                record_if_satisfied=False,
            )
        )
        if params["via_memberships"]:
            findings.append(
                Finding(
                    dedupe_key=f"partnership:{partnership.id}:memberships",
                    kind=OBLIGATION,
                    title=f"Koppla stödinsatsen till nätverk (U2): {_name(partnership)}",
                    explanation=(
                        "Stöd till ett annat land ska gå via och samordnas med de nätverk "
                        "kommunen är medlem i (t.ex. SKR/SALAR International, EUROCITIES), "
                        "inte som ett bilateralt avtal. Stödinsatsen är inte kopplad till något "
                        "medlemskap."
                    ),
                    evidence_required="Ett eller flera medlemskap kopplade till stödinsatsen.",
                    record=_ref(partnership),
                    responsible_unit_id=partnership.unit_id,
                    due_on=due,
                    satisfied=bool(partnership.membership_ids),
                    evidence=f"Kopplad till {len(partnership.membership_ids)} medlemskap",
                    record_if_satisfied=False,
                )
            )
    return findings
