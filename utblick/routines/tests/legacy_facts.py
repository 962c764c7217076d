"""Format 1's fact shapes, for the tests that prove each format-1 rule type behaves as it did
now that it runs as checks of the general vocabulary.

`facts(...)` takes the old keyword arguments (applications=…, memberships=…, document=…) and
builds the engine's generic `Facts`, as the database loader would: archived records left
out, derived values (a partnership's start, its number of linked memberships, a visit's
partnership kind) computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from utblick.routines.engine import facts as generic
from utblick.routines.engine.facts import (  # noqa: F401 (re-exported for the tests)
    APPLICATION,
    MEMBERSHIP,
    PARTNERSHIP,
    UNIT,
    VISIT,
    FieldChange,
    ReportingPeriodFact,
    UnitFact,
    record,
)


@dataclass(frozen=True)
class ApplicationFact:
    id: int
    title: str
    unit_id: int
    role: str = "lead"
    status: str = "idea"
    total_budget_sek: Decimal | None = None
    created_on: date | None = None
    deadline: date | None = None
    submitted_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    lessons_learned: str = ""
    operations_decision_on: date | None = None
    archived: bool = False


@dataclass(frozen=True)
class MembershipFact:
    id: int
    organisation: str
    unit_id: int
    scope: str = "municipality_wide"
    status: str = "active"
    decided_by_id: int | None = None
    decided_on: date | None = None
    started_on: date | None = None
    ended_on: date | None = None
    last_reviewed_on: date | None = None
    next_review_on: date | None = None
    created_on: date | None = None
    elected_representative_ids: tuple[int, ...] = ()
    archived: bool = False


@dataclass(frozen=True)
class PartnershipFact:
    id: int
    title: str
    kind: str
    unit_id: int
    counterpart: str = ""
    status: str = "active"
    scope: str = ""
    stated_benefit: str = ""
    started_on: date | None = None
    ends_on: date | None = None
    signed_on: date | None = None
    created_on: date | None = None
    decision_id: int | None = None
    legal_ground: str = ""
    membership_ids: tuple[int, ...] = ()
    archived: bool = False


@dataclass(frozen=True)
class VisitFact:
    id: int
    title: str
    unit_id: int
    starts_on: date
    direction: str = "incoming"
    kind: str = "study"
    counterpart: str = ""
    represented_by: str = ""
    announced_on: date | None = None
    partnership_id: int | None = None
    archived: bool = False


@dataclass(frozen=True)
class ContactPersonFact:
    id: int
    unit_id: int
    person_name: str
    appointed_on: date | None = None
    ended_on: date | None = None
    archived: bool = False


@dataclass(frozen=True)
class MatterFact:
    id: int
    kind: str
    title: str
    unit_id: int
    body_id: int | None = None
    registry_number: str = ""
    decided_on: date | None = None
    outcome: str = "pending"
    membership_id: int | None = None
    partnership_id: int | None = None
    application_id: int | None = None
    visit_id: int | None = None
    archived: bool = False


@dataclass(frozen=True)
class AgreementChangeFact:
    partnership_id: int
    version: int
    changed_on: date
    fields: tuple[str, ...]
    previous_status: str
    previous_recorded_on: date


@dataclass(frozen=True)
class DocumentFact:
    title: str
    kind: str = "policy"
    status: str = "adopted"
    adopted_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    review_date: date | None = None
    review_interval: str = ""
    record_id: int | None = 1


def _application(a: ApplicationFact) -> generic.RecordFact:
    return record(
        "applications",
        a.id,
        label=a.title,
        unit_id=a.unit_id,
        title=a.title,
        role=a.role,
        status=a.status,
        total_budget_sek=a.total_budget_sek,
        created_on=a.created_on,
        deadline=a.deadline,
        submitted_on=a.submitted_on,
        starts_on=a.starts_on,
        ends_on=a.ends_on,
        lessons_learned=a.lessons_learned,
        operations_decision_on=a.operations_decision_on,
    )


def _membership(m: MembershipFact) -> generic.RecordFact:
    return record(
        "memberships",
        m.id,
        label=m.organisation,
        unit_id=m.unit_id,
        links={"decided_by": m.decided_by_id},
        organisation=m.organisation,
        scope=m.scope,
        status=m.status,
        decided_on=m.decided_on,
        started_on=m.started_on,
        ended_on=m.ended_on,
        last_reviewed_on=m.last_reviewed_on,
        next_review_on=m.next_review_on,
        created_on=m.created_on,
        begins_on=m.started_on or m.created_on,
        elected_representative_count=len(m.elected_representative_ids),
        representative_count=len(m.elected_representative_ids),
    )


def _partnership(p: PartnershipFact) -> generic.RecordFact:
    return record(
        "partnerships",
        p.id,
        label=p.title or p.counterpart,
        unit_id=p.unit_id,
        links={"decision": p.decision_id},
        title=p.title,
        kind=p.kind,
        counterpart=p.counterpart,
        status=p.status,
        scope=p.scope,
        stated_benefit=p.stated_benefit,
        started_on=p.started_on,
        ends_on=p.ends_on,
        signed_on=p.signed_on,
        created_on=p.created_on,
        begins_on=p.started_on or p.signed_on or p.created_on,
        legal_ground=p.legal_ground,
        membership_count=len(p.membership_ids),
    )


def _visit(v: VisitFact, partnerships: dict[int, PartnershipFact]) -> generic.RecordFact:
    partnership = partnerships.get(v.partnership_id) if v.partnership_id else None
    return record(
        "visits",
        v.id,
        label=v.title,
        unit_id=v.unit_id,
        links={"partnership": v.partnership_id},
        title=v.title,
        starts_on=v.starts_on,
        direction=v.direction,
        kind=v.kind,
        counterpart=v.counterpart,
        represented_by=v.represented_by,
        announced_on=v.announced_on,
        partnership_kind=partnership.kind if partnership and not partnership.archived else "",
        partnership_counterpart=(partnership.counterpart or partnership.title)
        if partnership
        else "",
    )


def _matter(m: MatterFact) -> generic.RecordFact:
    label = f"{m.title} ({m.registry_number})" if m.registry_number else m.title
    return record(
        "matters",
        m.id,
        label=label,
        unit_id=m.unit_id,
        links={
            "membership": m.membership_id,
            "partnership": m.partnership_id,
            "application": m.application_id,
            "visit": m.visit_id,
            "body": m.body_id,
        },
        kind=m.kind,
        title=m.title,
        registry_number=m.registry_number,
        decided_on=m.decided_on,
        outcome=m.outcome,
    )


def _units(units, contact_persons, today) -> tuple[generic.RecordFact, ...]:
    def active(c: ContactPersonFact) -> bool:
        if c.archived or (c.appointed_on and c.appointed_on > today):
            return False
        return not (c.ended_on and c.ended_on < today)

    return tuple(
        record(
            "units",
            u.id,
            label=u.name,
            unit_id=u.id,
            kind=u.kind,
            name=u.name,
            key=u.key,
            created_on=u.created_on,
            contact_person_count=sum(1 for c in contact_persons if c.unit_id == u.id and active(c)),
        )
        for u in units
        if not u.archived
    )


def facts(
    *,
    today: date,
    units=(),
    applications=(),
    memberships=(),
    partnerships=(),
    visits=(),
    contact_persons=(),
    matters=(),
    agreement_changes=(),
    document: DocumentFact | None = None,
    reporting_periods=(),
    tracking_since: date | None = None,
) -> generic.Facts:
    live = lambda found: [x for x in found if not x.archived]  # noqa: E731
    by_id = {p.id: p for p in partnerships}
    records = {
        "applications": tuple(_application(a) for a in live(applications)),
        "memberships": tuple(_membership(m) for m in live(memberships)),
        "partnerships": tuple(_partnership(p) for p in live(partnerships)),
        "visits": tuple(_visit(v, by_id) for v in live(visits)),
        "matters": tuple(_matter(m) for m in live(matters)),
        "units": _units(units, contact_persons, today),
    }
    if document is not None:
        records["documents"] = (
            record(
                "documents",
                document.record_id,
                label=document.title,
                title=document.title,
                kind=document.kind,
                status=document.status,
                adopted_on=document.adopted_on,
                valid_from=document.valid_from,
                valid_to=document.valid_to,
                review_date=document.review_date,
                begins_on=document.valid_from or document.adopted_on,
            ),
        )
    changes = tuple(
        FieldChange(
            register="partnerships",
            record_id=c.partnership_id,
            version=c.version,
            changed_on=c.changed_on,
            fields=c.fields,
            previous={"status": c.previous_status},
            previous_recorded_on=c.previous_recorded_on,
        )
        for c in agreement_changes
    )
    return generic.Facts(
        today=today,
        units=tuple(units),
        records=records,
        changes=changes,
        reporting_periods=tuple(reporting_periods),
        tracking_since=tracking_since,
    )
