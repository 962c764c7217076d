"""Rules about funding applications and projects (M3, L4, E2)."""

from __future__ import annotations

from decimal import Decimal

from utblick.registers import lifecycle

from ..dates import add_days, iso
from ..facts import APPLICATION, ApplicationFact, Facts
from ..findings import CONFLICT, OBLIGATION, Finding, RecordRef
from .common import (
    OWNER_RELATIVE_BODIES,
    WITHDRAWN,
    approving_matter,
    body_label,
    capitalised,
    decision_evidence,
    describe_body,
    join_sv,
    responsible_for,
    sek,
    units_for_body,
)

LEAD = "lead"


def _ref(application: ApplicationFact) -> RecordRef:
    return RecordRef(APPLICATION, application.id, application.title)


def _key(application: ApplicationFact) -> str:
    return f"application:{application.id}"


def _never_submitted_withdrawal(application: ApplicationFact) -> bool:
    return application.status == lifecycle.WITHDRAWN and application.submitted_on is None


def application_inform_office(params: dict, facts: Facts) -> list[Finding]:
    """Every application (where the municipality is lead, if only_when_owner): inform the office.

    Due `within_days` after the application was registered; done when someone records how
    the office was informed. An application withdrawn before it was submitted no longer
    needs it.
    """
    body = params["notify"]
    days = params["within_days"]
    findings = []
    for application in facts.applications:
        if application.archived or _never_submitted_withdrawal(application):
            continue
        if params["only_when_owner"] and application.role != LEAD:
            continue
        registered = application.created_on or facts.today
        findings.append(
            Finding(
                dedupe_key=_key(application),
                kind=OBLIGATION,
                title=f"Informera {body_label(body)} om ansökan {application.title}",
                explanation=(
                    f"{capitalised(body_label(body))} ska alltid informeras om ansökningar om "
                    "extern finansiering, oavsett program, fond och budget. Ansökan "
                    f"registrerades {iso(registered)}; informationen ska lämnas inom {days} dagar."
                ),
                evidence_required=(
                    f"När och hur {body_label(body)} informerades (t.ex. e-post eller möte, datum)."
                ),
                record=_ref(application),
                responsible_unit_id=application.unit_id,
                due_on=add_days(registered, days),
            )
        )
    return findings


def application_budget_information_matter(params: dict, facts: Facts) -> list[Finding]:
    """Lead applications with a total budget (in SEK) of at least the threshold need an
    information matter to `to`, sent by `from_body`.

    Satisfied by a matter of kind information_matter about the application whose deciding
    body is a unit of kind `to` (not withdrawn). Due `within_days_after_submission` after
    submission when it may follow the submission (no date until then), otherwise by the
    application deadline (or the submission).
    """
    threshold = Decimal(params["threshold_sek"])
    to = params["to"]
    from_body = params["from_body"]
    days = params["within_days_after_submission"]
    findings = []
    for application in facts.applications:
        if application.archived or application.role != LEAD:
            continue
        if application.total_budget_sek is None or application.total_budget_sek < threshold:
            continue
        if _never_submitted_withdrawal(application):
            continue
        matter = next(
            (
                m
                for m in facts.matters_about("application", application.id)
                if m.kind == "information_matter"
                and m.outcome != WITHDRAWN
                and facts.unit_kind(m.body_id) == to
            ),
            None,
        )
        if params["may_follow_submission"]:
            due = add_days(application.submitted_on, days) if application.submitted_on else None
            when = (
                f"Informationsärendet får skickas efter att ansökan lämnats in, senast {days} "
                "dagar efter inlämningen"
                + (f" ({iso(due)})." if due else "; ansökan är ännu inte inlämnad.")
            )
        else:
            due = application.deadline or application.submitted_on
            when = "Informationsärendet ska skickas innan ansökan lämnas in" + (
                f" (senast {iso(due)})." if due else "."
            )
        sender = describe_body(facts, from_body, application.unit_id)
        findings.append(
            Finding(
                dedupe_key=_key(application),
                kind=OBLIGATION,
                title=f"Skicka informationsärende till {body_label(to)} om ansökan {application.title}",
                explanation=(
                    f"Ansökan {application.title} har en total budget på "
                    f"{sek(application.total_budget_sek)}, vilket är minst {sek(threshold)}. "
                    f"{capitalised(sender)} ska då sända ett informationsärende till "
                    f"{body_label(to)}. {when}"
                ),
                evidence_required=(
                    "Ett ärende av typen informationsärende som gäller ansökan, med "
                    f"{body_label(to)} som mottagande organ."
                ),
                record=_ref(application),
                responsible_unit_id=responsible_for(facts, from_body, application.unit_id),
                due_on=due,
                satisfied=matter is not None,
                evidence=(
                    f"Informationsärende: {matter.reference}, till {facts.unit_name(matter.body_id)}"
                    if matter
                    else ""
                ),
                evidence_matter_id=matter.id if matter else None,
            )
        )
    return findings


# The statuses an application is in before it reaches `before_status`, during which the
# confirmation is an obligation (an idea is not yet an application being prepared).
_BEFORE = {
    lifecycle.SUBMITTED: frozenset({lifecycle.PREPARING}),
    lifecycle.PREPARING: frozenset({lifecycle.IDEA}),
}
_REACHED = {
    lifecycle.SUBMITTED: lifecycle.SUBMITTED_OR_LATER,
    lifecycle.PREPARING: frozenset(lifecycle.STATUSES) - {lifecycle.IDEA, lifecycle.WITHDRAWN},
}


def _confirming_unit_ids(facts: Facts, body: str, application: ApplicationFact) -> list[int] | None:
    """The units whose decision confirms: the owner's committee (or company board, or the
    owning unit itself when nothing above it is registered); None = any unit of `body`."""
    if body not in ("owning_unit", *OWNER_RELATIVE_BODIES):
        return None
    units = units_for_body(facts, body, application.unit_id)
    if body == "committee":
        units += units_for_body(facts, "municipal_company", application.unit_id)
    return [u.id for u in units] or [application.unit_id]


def application_alignment_confirmation(params: dict, facts: Facts) -> list[Finding]:
    """The owning committee confirms that a lead application is in line with the policy and
    the council's goals before it reaches `before_status`.

    The confirmation is recorded as a matter of kind application_decision about the
    application, decided (approved) by the owning unit's `confirmed_by` body — or by marking
    the obligation done with evidence. While the application is before that status it is an
    obligation; once it has reached it without a confirmation it is a policy conflict.
    """
    body = params["confirmed_by"]
    before = params["before_status"]
    findings = []
    for application in facts.applications:
        if application.archived or application.role != LEAD:
            continue
        reached = application.status in _REACHED[before] or (
            application.status == lifecycle.WITHDRAWN and application.submitted_on is not None
        )
        if not reached and application.status not in _BEFORE[before]:
            continue
        matter = approving_matter(
            facts,
            "application",
            application.id,
            (body,),
            matter_kinds=("application_decision",),
            body_ids=_confirming_unit_ids(facts, body, application),
        )
        who = describe_body(facts, body, application.unit_id)
        status_label = lifecycle.LABELS_SV[before].lower()
        if reached:
            kind = CONFLICT
            title = (
                f"Ansökan {application.title} har nått status {status_label} utan bekräftelse "
                "att den ligger i linje med policyn"
            )
            due = application.submitted_on
        else:
            kind = OBLIGATION
            title = (
                f"Bekräfta att ansökan {application.title} ligger i linje med policyn och "
                "fullmäktiges mål"
            )
            due = application.deadline
        findings.append(
            Finding(
                dedupe_key=_key(application),
                kind=kind,
                title=title,
                explanation=(
                    f"{capitalised(who)} ska säkerställa att projektet ligger i linje med "
                    "policyn, relevanta styrdokument och fullmäktiges mål innan ansökan får "
                    f"status ”{lifecycle.LABELS_SV[before]}”. Ansökans status är nu "
                    f"”{lifecycle.LABELS_SV[application.status]}”."
                ),
                evidence_required=(
                    f"Ett beslut (ärende av typen beslut om ansökan) av {who} med utfallet "
                    "bifall, eller en notering om var bekräftelsen finns."
                ),
                record=_ref(application),
                responsible_unit_id=responsible_for(facts, body, application.unit_id),
                due_on=due,
                satisfied=matter is not None,
                evidence=decision_evidence(facts, matter) if matter else "",
                evidence_matter_id=matter.id if matter else None,
            )
        )
    return findings


def project_closure_lessons(params: dict, facts: Facts) -> list[Finding]:
    """Closed projects: lessons learned and/or a decision on taking the results into regular
    operations, within `within_days` of the project's end (any role)."""
    wants = []
    if params["require_lessons"]:
        wants.append("lessons")
    if params["require_operations_decision"]:
        wants.append("operations")
    if not wants:
        return []
    days = params["within_days"]
    if wants == ["lessons"]:
        verb = "Dokumentera lärdomar från projektet"
    elif wants == ["operations"]:
        verb = "Besluta om implementering i ordinarie verksamhet för projektet"
    else:
        verb = "Dokumentera lärdomar och besluta om implementering för projektet"
    findings = []
    for application in facts.applications:
        if application.archived or application.status != lifecycle.CLOSED:
            continue
        missing, present = [], []
        if "lessons" in wants:
            if application.lessons_learned.strip():
                present.append("lärdomar dokumenterade")
            else:
                missing.append("lärdomar")
        if "operations" in wants:
            if application.operations_decision_on:
                present.append(
                    f"beslut om implementering {iso(application.operations_decision_on)}"
                )
            else:
                missing.append("beslut om implementering i ordinarie verksamhet")
        due = add_days(application.ends_on, days) if application.ends_on else None
        findings.append(
            Finding(
                dedupe_key=_key(application),
                kind=OBLIGATION,
                title=f"{verb} {application.title}",
                explanation=(
                    f"Projektet avslutades {iso(application.ends_on)}. Inom {days} dagar "
                    "ska det dokumenteras så att erfarenheterna tas tillvara och sprids. "
                    + (f"Saknas: {join_sv(missing)}." if missing else "Allt är dokumenterat.")
                ),
                evidence_required=(
                    "Ifyllda fält i projektet: "
                    + join_sv(
                        {
                            "lessons": "lärdomar",
                            "operations": "datum för beslut om implementering i ordinarie verksamhet",
                        }[w]
                        for w in wants
                    )
                    + "."
                ),
                record=_ref(application),
                responsible_unit_id=application.unit_id,
                due_on=due,
                satisfied=not missing,
                evidence=capitalised(join_sv(present)) if not missing else "",
            )
        )
    return findings
