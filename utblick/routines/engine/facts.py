"""Snapshots of the records the rules look at: plain frozen dataclasses, no Django.

The Django side (`utblick.routines.facts`) fills these from the database with a fixed number
of set-based queries; tests build them by hand. A rule sees only what is in `Facts`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

# Model labels used in record references and dedupe keys.
APPLICATION = "registers.fundingapplication"
MEMBERSHIP = "registers.networkmembership"
PARTNERSHIP = "registers.partnership"
VISIT = "registers.visit"
MATTER = "registers.matter"
UNIT = "organisation.unit"
CONTACT_PERSON = "organisation.contactperson"
DOCUMENT = "policy.profileversion"

# Which facts a rule needs; the loader only queries what the evaluated rules need.
APPLICATIONS = "applications"
MEMBERSHIPS = "memberships"
PARTNERSHIPS = "partnerships"
VISITS = "visits"
MATTERS = "matters"
CONTACT_PERSONS = "contact_persons"
AGREEMENT_CHANGES = "agreement_changes"
DOCUMENT_FACTS = "document"
REPORTING_PERIODS = "reporting_periods"
FACT_KINDS = (
    APPLICATIONS,
    MEMBERSHIPS,
    PARTNERSHIPS,
    VISITS,
    MATTERS,
    CONTACT_PERSONS,
    AGREEMENT_CHANGES,
    DOCUMENT_FACTS,
    REPORTING_PERIODS,
)


@dataclass(frozen=True)
class UnitFact:
    id: int
    kind: str
    name: str
    parent_id: int | None = None
    archived: bool = False
    created_on: date | None = None


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

    @property
    def begins_on(self) -> date | None:
        """When the partnership began: its start, its signature, or its registration."""
        return self.started_on or self.signed_on or self.created_on


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

    @property
    def reference(self) -> str:
        return f"{self.title} ({self.registry_number})" if self.registry_number else self.title


@dataclass(frozen=True)
class AgreementChangeFact:
    """A change to a partnership's significant terms, read from its audit trail."""

    partnership_id: int
    version: int
    changed_on: date
    fields: tuple[str, ...]
    previous_status: str
    previous_recorded_on: date


@dataclass(frozen=True)
class DocumentFact:
    """The steering document's metadata (the current profile version)."""

    title: str
    kind: str = "policy"
    status: str = "adopted"
    adopted_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    review_date: date | None = None
    review_interval: str = ""
    record_id: int | None = None


@dataclass(frozen=True)
class ReportingPeriodFact:
    key: str
    name: str
    period_start: str
    period_end: str
    due: str
    reporters: tuple[str, ...] = ()
    recipient: str = "executive_board"


@dataclass(frozen=True)
class Facts:
    """Everything the rules may look at for one municipality on one day."""

    today: date
    units: tuple[UnitFact, ...] = ()
    applications: tuple[ApplicationFact, ...] = ()
    memberships: tuple[MembershipFact, ...] = ()
    partnerships: tuple[PartnershipFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    contact_persons: tuple[ContactPersonFact, ...] = ()
    matters: tuple[MatterFact, ...] = ()
    agreement_changes: tuple[AgreementChangeFact, ...] = ()
    document: DocumentFact | None = None
    reporting_periods: tuple[ReportingPeriodFact, ...] = ()
    # The day Utblick began tracking the municipality's routines (its first profile
    # version); calendar duties that fell due before it are not raised.
    tracking_since: date | None = None
    municipality_name: str = ""

    # --- lookups (computed once per Facts) ---------------------------------------------

    @cached_property
    def unit_by_id(self) -> dict[int, UnitFact]:
        return {unit.id: unit for unit in self.units}

    @cached_property
    def partnership_by_id(self) -> dict[int, PartnershipFact]:
        return {p.id: p for p in self.partnerships}

    @cached_property
    def matter_by_id(self) -> dict[int, MatterFact]:
        return {m.id: m for m in self.matters}

    @cached_property
    def _matters_by_subject(self) -> dict[tuple[str, int], list[MatterFact]]:
        index: dict[tuple[str, int], list[MatterFact]] = defaultdict(list)
        for matter in self.matters:
            if matter.archived:
                continue
            for name in ("membership", "partnership", "application", "visit"):
                subject_id = getattr(matter, f"{name}_id")
                if subject_id is not None:
                    index[(name, subject_id)].append(matter)
        return index

    def matters_about(self, subject: str, subject_id: int) -> list[MatterFact]:
        """Matters whose subject is that record (subject: membership, partnership, …)."""
        return self._matters_by_subject.get((subject, subject_id), [])

    def not_before(self, day: date | None) -> date | None:
        """A defect's due date: when it arose, but not before tracking began (a membership
        decided without a record in 1995 is due since Utblick found it, not since 1995)."""
        if day is None or self.tracking_since is None:
            return day
        return max(day, self.tracking_since)

    def units_of_kind(self, kind: str) -> list[UnitFact]:
        return [u for u in self.units if u.kind == kind and not u.archived]

    @cached_property
    def office_unit_id(self) -> int | None:
        """The executive office (kommunstyrelsens förvaltning), if the organisation has one."""
        offices = self.units_of_kind("executive_office")
        return offices[0].id if offices else None

    def unit_kind(self, unit_id: int | None) -> str | None:
        unit = self.unit_by_id.get(unit_id) if unit_id is not None else None
        return unit.kind if unit else None

    def unit_name(self, unit_id: int | None) -> str:
        unit = self.unit_by_id.get(unit_id) if unit_id is not None else None
        return unit.name if unit else "–"

    def ancestry(self, unit_id: int | None) -> list[UnitFact]:
        """The unit and the units above it, nearest first."""
        chain: list[UnitFact] = []
        seen: set[int] = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            unit = self.unit_by_id.get(unit_id)
            if unit is None:
                break
            chain.append(unit)
            unit_id = unit.parent_id
        return chain

    def nearest_of_kind(self, unit_id: int | None, kinds) -> UnitFact | None:
        for unit in self.ancestry(unit_id):
            if unit.kind in kinds:
                return unit
        return None
