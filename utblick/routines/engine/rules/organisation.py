"""Rules about the organisation: the contact-person network (M2, F5)."""

from __future__ import annotations

from ..dates import add_days, iso
from ..facts import UNIT, ContactPersonFact, Facts
from ..findings import OBLIGATION, Finding, RecordRef
from .common import COMPLETE_WITHIN_DAYS, join_sv

KIND_LABELS = {"committee": "nämnd", "administration": "förvaltning", "municipal_company": "bolag"}


def _active(contact: ContactPersonFact, today) -> bool:
    if contact.archived:
        return False
    if contact.appointed_on and contact.appointed_on > today:
        return False
    return not (contact.ended_on and contact.ended_on < today)


def contact_person_per_unit(params: dict, facts: Facts) -> list[Finding]:
    """Every unit of the required kinds has an active contact person in the EU network; one
    that has none is an obligation for the executive office, which coordinates the network.
    Optional kinds may have one and raise nothing."""
    required = set(params["required_kinds"])
    contacts: dict[int, list[str]] = {}
    for contact in facts.contact_persons:
        if _active(contact, facts.today):
            contacts.setdefault(contact.unit_id, []).append(contact.person_name)
    findings = []
    for unit in facts.units:
        if unit.archived or unit.kind not in required:
            continue
        names = contacts.get(unit.id, [])
        findings.append(
            Finding(
                dedupe_key=f"unit:{unit.id}",
                kind=OBLIGATION,
                title=f"Utse en kontaktperson i EU-nätverket för {unit.name}",
                explanation=(
                    f"Varje {KIND_LABELS.get(unit.kind, unit.kind)} har en kontaktperson i "
                    f"kommunens EU-nätverk. {unit.name} har ingen aktiv kontaktperson"
                    + (f" (registrerad {iso(unit.created_on)})." if unit.created_on else ".")
                ),
                evidence_required="En aktiv kontaktperson registrerad för enheten.",
                record=RecordRef(UNIT, unit.id, unit.name),
                responsible_unit_id=facts.office_unit_id,
                due_on=add_days(unit.created_on, COMPLETE_WITHIN_DAYS) if unit.created_on else None,
                satisfied=bool(names),
                evidence=f"Kontaktperson: {join_sv(sorted(names))}" if names else "",
                record_if_satisfied=False,
            )
        )
    return findings
