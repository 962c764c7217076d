"""Rules about visits (M2, F4)."""

from __future__ import annotations

from ..dates import add_days, iso
from ..facts import VISIT, Facts, VisitFact
from ..findings import CONFLICT, OBLIGATION, Finding, RecordRef
from .common import REPRESENTATION_LABELS, join_sv

INCOMING = "incoming"
NOTICE_LABELS = {
    "elected_officials": "politiker",
    "staff_concerned": "tjänstepersoner",
    "contact_persons": "kontaktpersoner i EU-nätverket",
}


def _ref(visit: VisitFact) -> RecordRef:
    return RecordRef(VISIT, visit.id, visit.title)


def visit_representation(params: dict, facts: Facts) -> list[Finding]:
    """Visits of the listed kinds (incoming or outgoing) are represented by one of the bodies.

    Represented by another body: a policy conflict. Not yet recorded: an obligation to
    decide it before the visit starts; a conflict once the visit has started.
    """
    kinds = set(params["visit_kinds"])
    bodies = params["bodies"]
    should = join_sv(REPRESENTATION_LABELS.get(b, b) for b in bodies)
    findings = []
    for visit in facts.visits:
        if visit.archived or visit.kind not in kinds:
            continue
        by = visit.represented_by
        satisfied = by in bodies
        if satisfied:
            kind, title = OBLIGATION, f"Bestäm vem som företräder kommunen vid {visit.title}"
            state = f"Kommunen företräds av {REPRESENTATION_LABELS.get(by, by)}."
        elif not by and visit.starts_on >= facts.today:
            kind = OBLIGATION
            title = f"Bestäm vem som företräder kommunen vid {visit.title}"
            state = "Det är ännu inte registrerat vem som företräder kommunen."
        elif not by:
            kind = CONFLICT
            title = f"Det saknas uppgift om att {should} företrädde kommunen vid {visit.title}"
            state = "Det är inte registrerat vem som företrädde kommunen."
        else:
            kind = CONFLICT
            title = f"Kommunen företräds inte av {should} vid {visit.title}"
            state = f"Kommunen företräds av {REPRESENTATION_LABELS.get(by, by)}."
        findings.append(
            Finding(
                dedupe_key=f"visit:{visit.id}",
                kind=kind,
                title=title,
                explanation=(
                    f"Vid besök av det här slaget företräds kommunen av {should}. "
                    f"Besöket börjar {iso(visit.starts_on)}. {state}"
                ),
                evidence_required=f"”Kommunen företräds av” ifyllt med {should} i besöket.",
                record=_ref(visit),
                responsible_unit_id=visit.unit_id,
                due_on=visit.starts_on,
                satisfied=satisfied,
                evidence=state if satisfied else "",
                record_if_satisfied=False,
            )
        )
    return findings


def twin_town_visit_notice(params: dict, facts: Facts) -> list[Finding]:
    """An incoming visit linked to a twin-town partnership is announced to those concerned
    at least `days_before` days before it starts.

    Done when the visit's announced_on is set; an announcement after the due date still
    completes it, flagged late.
    """
    days = params["days_before"]
    whom = join_sv(NOTICE_LABELS.get(n, n) for n in params["notify"])
    findings = []
    for visit in facts.visits:
        if visit.archived or visit.direction != INCOMING or visit.partnership_id is None:
            continue
        partnership = facts.partnership_by_id.get(visit.partnership_id)
        if partnership is None or partnership.kind != "twin_town" or partnership.archived:
            continue
        due = add_days(visit.starts_on, -days)
        announced = visit.announced_on
        late = bool(announced and announced > due)
        origin = partnership.counterpart or partnership.title
        findings.append(
            Finding(
                dedupe_key=f"visit:{visit.id}",
                kind=OBLIGATION,
                title=f"Informera berörda {whom} om besöket från vänorten {origin}",
                explanation=(
                    f"Vid besök från kommunens vänorter ska information lämnas i god tid till "
                    f"berörda {whom}: senast {days} dagar före besöket. Besöket "
                    f"({visit.title}) börjar {iso(visit.starts_on)}; informera senast {iso(due)}."
                ),
                evidence_required="Datum då besöket aviserades (”aviserat”) i besöket.",
                record=_ref(visit),
                responsible_unit_id=visit.unit_id,
                due_on=due,
                satisfied=announced is not None,
                evidence=(
                    f"Aviserat {iso(announced)}"
                    + (
                        f" – {(announced - due).days} dagar för sent (senast {iso(due)})"
                        if late
                        else ""
                    )
                    if announced
                    else ""
                ),
                late=late,
            )
        )
    return findings
